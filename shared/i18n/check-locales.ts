/**
 * `npm run check:locales`: every translation of the portal and of the notifications against English.
 * The same check runs in `npm test` (test/unit/i18n/locales.test.ts); this prints every problem at once
 * for whoever is translating.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOCALES } from './locales.js';
import { problemsOf, type Resources } from './resource-check.js';

export const RESOURCE_FOLDERS = ['portal/src/i18n', 'shared/notifications/locales'] as const;

const root = join(import.meta.dirname, '..', '..');
const read = (folder: string, locale: string): Resources => JSON.parse(readFileSync(join(root, folder, `${locale}.json`), 'utf8')) as Resources;

/** The problems of every locale in every folder (a missing file is one problem). */
export function allProblems(locales: readonly string[] = LOCALES): string[] {
  return RESOURCE_FOLDERS.flatMap((folder) => {
    const english = read(folder, 'en');
    return locales.flatMap((locale) => {
      try {
        return problemsOf(english, read(folder, locale), locale).map((p) => `${folder}/${p}`);
      } catch (error) {
        return [`${folder}/${locale}.json: ${(error as Error).message}`];
      }
    });
  });
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const only = process.argv.slice(2);
  const problems = allProblems(only.length ? only : LOCALES);
  for (const p of problems) console.log(p);
  console.log(problems.length ? `${problems.length} problems` : 'every locale is complete');
  process.exitCode = problems.length ? 1 : 0;
}
