/**
 * The portal's languages, each named in itself (shared/i18n/locales.ts lists the same tags for the
 * notifications; test/unit/i18n/locales.test.ts keeps the two lists equal).
 */
export const LANGUAGES = [
  { code: 'en', name: 'English', dir: 'ltr' },
  { code: 'fr', name: 'Français', dir: 'ltr' },
  { code: 'de', name: 'Deutsch', dir: 'ltr' },
  { code: 'it', name: 'Italiano', dir: 'ltr' },
  { code: 'es', name: 'Español', dir: 'ltr' },
  { code: 'pt-BR', name: 'Português (Brasil)', dir: 'ltr' },
  { code: 'ru', name: 'Русский', dir: 'ltr' },
  { code: 'ar', name: 'العربية', dir: 'rtl' },
  { code: 'hi', name: 'हिन्दी', dir: 'ltr' },
  { code: 'ta', name: 'தமிழ்', dir: 'ltr' },
  { code: 'th', name: 'ไทย', dir: 'ltr' },
  { code: 'ja', name: '日本語', dir: 'ltr' },
  { code: 'zh-Hans', name: '简体中文', dir: 'ltr' },
  { code: 'zh-Hant', name: '繁體中文', dir: 'ltr' },
] as const;


/** A browser's tag (fr-FR, zh-TW, pt) → one of ours, or English. */
export function portalLanguageOf(tag: string): string {
  const lower = tag.replace(/_/g, '-').toLowerCase();
  const exact = LANGUAGES.find((l) => l.code.toLowerCase() === lower);
  if (exact) return exact.code;
  const [language, region] = lower.split('-');
  if (language === 'zh') return region && ['tw', 'hk', 'mo', 'hant'].includes(region) ? 'zh-Hant' : 'zh-Hans';
  if (language === 'pt') return 'pt-BR';
  return LANGUAGES.find((l) => l.code === language)?.code ?? 'en';
}
