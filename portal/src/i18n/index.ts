import i18n from 'i18next';
import LanguageDetector from 'i18next-browser-languagedetector';
import { initReactI18next } from 'react-i18next';
import ar from './ar.json';
import en from './en.json';
import fr from './fr.json';

export const LANGUAGES = [
  { code: 'fr', name: 'Français' },
  { code: 'en', name: 'English' },
  { code: 'ar', name: 'العربية' },
] as const;

const RIGHT_TO_LEFT = new Set(['ar']);

// The document's language and direction follow the chosen language, so the whole layout
// (logical CSS properties) mirrors for Arabic and screen readers pronounce the right language.
function applyLanguage(language: string): void {
  document.documentElement.lang = language;
  document.documentElement.dir = RIGHT_TO_LEFT.has(language) ? 'rtl' : 'ltr';
}

void i18n
  .use(LanguageDetector)
  .use(initReactI18next)
  .init({
    resources: { en: { translation: en }, fr: { translation: fr }, ar: { translation: ar } },
    supportedLngs: LANGUAGES.map((l) => l.code),
    nonExplicitSupportedLngs: true,
    // Arabic proves the right-to-left layout; what it does not translate falls back to English.
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
    // Remembered in this browser; the first visit follows the browser's own language.
    detection: { order: ['localStorage', 'navigator'], caches: ['localStorage'], lookupLocalStorage: 'dossier.language' },
  });
applyLanguage(i18n.resolvedLanguage ?? 'en');
i18n.on('languageChanged', (language) => applyLanguage(i18n.resolvedLanguage ?? language));

export default i18n;
