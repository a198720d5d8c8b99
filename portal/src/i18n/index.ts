import i18n, { type BackendModule, type ResourceKey } from 'i18next';
import LanguageDetector from 'i18next-browser-languagedetector';
import { initReactI18next } from 'react-i18next';
import en from './en.json';
import { LANGUAGES, portalLanguageOf } from './languages.js';

export { LANGUAGES };

// English is in the main bundle (it is the fallback); the others are loaded when chosen, each its
// own small chunk, so a claimant downloads one language, not fourteen.
const translations = import.meta.glob<ResourceKey>(['./*.json', '!./en.json'], { import: 'default' });
const lazyLanguages: BackendModule = {
  type: 'backend',
  init: () => undefined,
  read: (language, _namespace, done) => {
    const load = translations[`./${language}.json`];
    if (!load) return done(null, {});
    load().then(
      (resources) => done(null, resources),
      (error: unknown) => done(error instanceof Error ? error : new Error(String(error)), false),
    );
  },
};

// The document's language and direction follow the chosen language, so the whole layout
// (logical CSS properties) mirrors for Arabic and screen readers pronounce the right language.
function applyLanguage(language: string): void {
  document.documentElement.lang = language;
  document.documentElement.dir = LANGUAGES.find((l) => l.code === language)?.dir === 'rtl' ? 'rtl' : 'ltr';
}

const CHOSEN_LANGUAGE = 'dossier.language';

/** The person picks a language: the portal speaks it now, and in this browser from now on. */
export function chooseLanguage(language: string): Promise<unknown> {
  localStorage.setItem(CHOSEN_LANGUAGE, language);
  return i18n.changeLanguage(language);
}

/** Resolves once the chosen language's strings are there: the portal renders after it. */
export const i18nReady = i18n
  .use(lazyLanguages)
  .use(LanguageDetector)
  .use(initReactI18next)
  .init({
    resources: { en: { translation: en } },
    partialBundledLanguages: true,
    supportedLngs: LANGUAGES.map((l) => l.code),
    // The browser's zh-TW finds zh-Hant, pt finds pt-BR: the detector's tag is mapped to ours
    // (portalLanguageOf), so only that one language is loaded, with English beneath it.
    load: 'currentOnly',
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
    react: { useSuspense: false },
    // A key no language has (a typo, a key not yet in en.json) shows as the raw key: say so, and
    // the browser tests of every locale fail on it.
    saveMissing: true,
    missingKeyHandler: (_languages, _namespace, key) => console.warn(`Missing translation: ${key}`),
    // The language the person chose (remembered in this browser, see chooseLanguage), else the
    // browser's own. Only a choice is remembered: the detector's cache would keep the first
    // browser language found as if chosen, and a browser later set to another would not be followed.
    detection: {
      order: ['localStorage', 'navigator'],
      caches: [],
      lookupLocalStorage: CHOSEN_LANGUAGE,
      convertDetectedLanguage: (tag: string) => portalLanguageOf(tag),
    },
  })
  .then(() => applyLanguage(i18n.resolvedLanguage ?? 'en'));
i18n.on('languageChanged', (language) => applyLanguage(i18n.resolvedLanguage ?? language));

export default i18n;
