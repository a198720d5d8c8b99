/**
 * The languages Dossier writes in: the portal, every notification, and what a claimant may choose
 * for our letters. BCP 47 tags, as `Intl` and i18next read them (zh-Hans / zh-Hant by script).
 */
export const LOCALES = ['en', 'fr', 'de', 'it', 'es', 'pt-BR', 'ru', 'ar', 'hi', 'ta', 'th', 'ja', 'zh-Hans', 'zh-Hant'] as const;
export type Locale = (typeof LOCALES)[number];

/** Written right to left: the portal mirrors its layout for them. */
export const RIGHT_TO_LEFT: ReadonlySet<Locale> = new Set(['ar']);

const byLowerCase = new Map(LOCALES.map((l) => [l.toLowerCase(), l]));

// Regions and scripts that name one of ours: zh-CN and zh-SG write Simplified, zh-TW/HK/MO Traditional.
const ALIASES: Readonly<Record<string, Locale>> = {
  pt: 'pt-BR',
  'pt-pt': 'pt-BR',
  zh: 'zh-Hans',
  'zh-cn': 'zh-Hans',
  'zh-sg': 'zh-Hans',
  'zh-tw': 'zh-Hant',
  'zh-hk': 'zh-Hant',
  'zh-mo': 'zh-Hant',
};

/**
 * `fr-FR`, `fr_FR`, `FR` → `fr`; `zh-TW` → `zh-Hant`; `pt` → `pt-BR`; a language we do not write
 * in → undefined (the caller falls back to English).
 */
export function localeOf(tag: string | undefined): Locale | undefined {
  const wanted = tag?.trim().replace(/_/g, '-').toLowerCase();
  if (!wanted) return undefined;
  const exact = byLowerCase.get(wanted) ?? ALIASES[wanted];
  if (exact) return exact;
  const [language, second] = wanted.split('-');
  if (language === 'zh' && second) return ALIASES[`zh-${second}`] ?? (second === 'hant' ? 'zh-Hant' : 'zh-Hans');
  return byLowerCase.get(language!) ?? ALIASES[language!];
}
