import { localeOf, LOCALES, RIGHT_TO_LEFT, type Locale } from '../../../shared/i18n/locales.js';

// The portal's languages are the ones the notifications and the claimant's form offer: one list,
// shared/i18n/locales.ts. Here, only how each names itself in the language switch.
const NAMES: Readonly<Record<Locale, string>> = {
  en: 'English',
  fr: 'Français',
  de: 'Deutsch',
  it: 'Italiano',
  es: 'Español',
  'pt-BR': 'Português (Brasil)',
  ru: 'Русский',
  ar: 'العربية',
  hi: 'हिन्दी',
  ta: 'தமிழ்',
  th: 'ไทย',
  ja: '日本語',
  'zh-Hans': '简体中文',
  'zh-Hant': '繁體中文',
};

export const LANGUAGES: readonly { code: Locale; name: string; dir: 'ltr' | 'rtl' }[] = LOCALES.map((code) => ({
  code,
  name: NAMES[code],
  dir: RIGHT_TO_LEFT.has(code) ? 'rtl' : 'ltr',
}));

/** A browser's tag (fr-FR, zh-TW, pt) → one of ours, or English. */
export const portalLanguageOf = (tag: string): Locale => localeOf(tag) ?? 'en';
