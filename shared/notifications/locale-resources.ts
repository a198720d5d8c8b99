import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locale } from '../i18n/locales.js';
import en from './locales/en.json' with { type: 'json' };

/**
 * Where the translations are: beside the code in a Lambda bundle (the CDK bundling copies the folder
 * to the same relative path; shared/rules/bundled-rules.ts does the same for the decision tables),
 * in the checkout locally. Read from files, not bundled: fourteen languages would add ~60 kB to
 * every function that may notify, to send one message in one of them.
 */
const localesDir = () => join(process.cwd(), 'shared', 'notifications', 'locales');

/** One language's templates; English is in the code (the fallback is always there). Undefined when absent. */
export function loadLocale(locale: Locale): object | undefined {
  if (locale === 'en') return en;
  const file = join(localesDir(), `${locale}.json`);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as object) : undefined;
}
