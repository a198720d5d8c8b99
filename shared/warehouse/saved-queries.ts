import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// The saved queries of the warehouse: plain SQL files that run unchanged on DuckDB (`npm run sql`)
// and on Athena (named queries of the stack's workgroup). Each keeps one row per key of the tables
// it reads (the latest version), so a record exported twice is counted once.

export interface SavedQuery {
  readonly name: string;
  readonly title: string;
  readonly sql: string;
}

export const SAVED_QUERIES_DIR = join(import.meta.dirname, 'queries');

export function savedQueries(): SavedQuery[] {
  return readdirSync(SAVED_QUERIES_DIR)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((file) => {
      const sql = readFileSync(join(SAVED_QUERIES_DIR, file), 'utf8');
      const title = /^--\s*(.+)$/m.exec(sql)?.[1] ?? file;
      return { name: file.replace(/\.sql$/, ''), title, sql };
    });
}

export function savedQuery(name: string): SavedQuery | undefined {
  return savedQueries().find((q) => q.name === name);
}
