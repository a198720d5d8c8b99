/**
 * What makes a translation file complete: every key of the English file, the same placeholders
 * in each string, and the plural forms the language itself has (Intl.PluralRules: Arabic has six,
 * Russian four, Japanese one), which is how i18next picks them.
 */
export type Resources = { readonly [key: string]: string | Resources };

const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;
const PLACEHOLDER = /{{\s*([\w.]+)\s*(?:,[^}]*)?}}/g;
const NESTING = /\$t\(([\w.-]+)/g;

/** `{a: {b: 'x'}}` → `{'a.b': 'x'}`. */
export function flatten(resources: Resources, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(resources)) {
    if (typeof value === 'string') out.set(prefix + key, value);
    else for (const [k, v] of flatten(value, `${prefix}${key}.`)) out.set(k, v);
  }
  return out;
}

export const placeholdersOf = (text: string): string[] => [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]!))].sort();
/** `$t(common.footer)`: a nested string, which must stay as it is (it is translated where it is defined). */
export const nestingsOf = (text: string): string[] => [...new Set([...text.matchAll(NESTING)].map((m) => m[1]!))].sort();

/** The keys a locale must have for one English key: the key itself, or its plural forms in that language. */
function expectedKeys(englishKey: string, locale: string): string[] {
  if (!PLURAL_SUFFIX.test(englishKey)) return [englishKey];
  const base = englishKey.replace(PLURAL_SUFFIX, '');
  return new Intl.PluralRules(locale).resolvedOptions().pluralCategories.map((c) => `${base}_${c}`);
}

/** Every problem of one locale's file against English, as sentences naming the key; empty when complete. */
export function problemsOf(english: Resources, translated: Resources, locale: string): string[] {
  const source = flatten(english);
  const target = flatten(translated);
  const problems: string[] = [];
  const expected = new Set<string>();
  // The plural forms of a key share their placeholders: those of all of English's forms.
  const pluralPlaceholders = (key: string) => {
    const base = key.replace(PLURAL_SUFFIX, '');
    return [...new Set([...source].filter(([k]) => PLURAL_SUFFIX.test(k) && k.replace(PLURAL_SUFFIX, '') === base).flatMap(([, t]) => placeholdersOf(t)))].sort();
  };
  for (const [key, text] of source) {
    const wanted = PLURAL_SUFFIX.test(key) ? pluralPlaceholders(key) : placeholdersOf(text);
    for (const needed of expectedKeys(key, locale)) {
      if (expected.has(needed)) continue;
      expected.add(needed);
      const value = target.get(needed);
      if (value === undefined) {
        problems.push(`${locale}: ${needed} is missing`);
        continue;
      }
      if (!value.trim()) problems.push(`${locale}: ${needed} is empty`);
      // A plural form may leave the number out ("un document"), never bring a name of its own.
      const got = placeholdersOf(value);
      const optional = PLURAL_SUFFIX.test(needed) ? ['count'] : [];
      const lacking = wanted.filter((p) => !got.includes(p) && !optional.includes(p));
      const foreign = got.filter((p) => !wanted.includes(p));
      if (lacking.length) problems.push(`${locale}: ${needed} lacks {{${lacking.join('}}, {{')}}}`);
      if (nestingsOf(value).join() !== nestingsOf(text).join()) problems.push(`${locale}: ${needed} must nest $t(${nestingsOf(text).join('), $t(')}) as English does`);
      if (foreign.length) problems.push(`${locale}: ${needed} has {{${foreign.join('}}, {{')}}}, which English does not give`);
    }
  }
  for (const key of target.keys()) if (!expected.has(key)) problems.push(`${locale}: ${key} is not in English`);
  return problems;
}
