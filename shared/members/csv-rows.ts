import { parse } from 'csv-parse/sync';
import { CSV_COLUMNS, type ImportRow } from './member-record.js';

/**
 * The registry's CSV: a header line, then one row per member and coverage (a member with two
 * coverages is on two rows). Columns: memberNumber, firstName, lastName, birthDate, language,
 * email, phone, employer, coverageId, product, coverageStart, coverageEnd, contributionStart,
 * status, ceilings ("medicines=1500|consultations=2000"; ";" also separates them in a file whose
 * columns are separated by commas). Columns are separated by commas or semicolons (as spreadsheets
 * export them). Empty cells are absent values; a row without coverageId carries the member alone.
 */

const MEMBER_COLUMNS = ['memberNumber', 'firstName', 'lastName', 'birthDate', 'language', 'email', 'phone', 'employer'] as const;

export function csvRows(text: string): { rows: ImportRow[]; headerError?: string } {
  let records: Record<string, string>[];
  try {
    records = parse(text, { columns: true, bom: true, trim: true, skip_empty_lines: true, delimiter: [',', ';'] }) as Record<string, string>[];
  } catch (error) {
    return { rows: [], headerError: `the file is not CSV: ${(error as Error).message}` };
  }
  const header = records.length > 0 ? Object.keys(records[0]!) : [];
  const missing = ['memberNumber', 'firstName', 'lastName', 'birthDate'].filter((c) => records.length > 0 && !header.includes(c));
  if (missing.length) return { rows: [], headerError: `the header lacks the column(s) ${missing.join(', ')}` };
  const unknown = header.filter((c) => !(CSV_COLUMNS as readonly string[]).includes(c));
  if (unknown.length) return { rows: [], headerError: `unknown column(s) ${unknown.join(', ')}; expected ${CSV_COLUMNS.join(', ')}` };
  return {
    // Line numbers as a spreadsheet shows them: the header is line 1.
    rows: records.map((record, index) => rowOf(record, `line ${index + 2}`)),
  };
}

function rowOf(record: Record<string, string>, ref: string): ImportRow {
  const cell = (name: string) => (record[name] ? record[name] : undefined);
  const member = Object.fromEntries(MEMBER_COLUMNS.map((c) => [c, cell(c)]).filter(([, v]) => v !== undefined));
  if (!cell('coverageId')) return { ref, member };
  const ceilings = cell('ceilings');
  let parsedCeilings: Record<string, string> | undefined;
  if (ceilings) {
    const pairs = ceilings.split(/[;|]/).map((p) => p.split('=').map((s) => s.trim()));
    if (pairs.some((p) => p.length !== 2 || !p[0] || !p[1])) return { ref, member, unreadable: { field: 'ceilings', message: 'must be envelope=amount pairs separated by ";"' } };
    parsedCeilings = Object.fromEntries(pairs);
  }
  const coverage = Object.fromEntries(
    Object.entries({
      coverageId: cell('coverageId'),
      product: cell('product'),
      status: cell('status'),
      start: cell('coverageStart'),
      end: cell('coverageEnd'),
      contributionStart: cell('contributionStart'),
      ceilings: parsedCeilings,
    }).filter(([, v]) => v !== undefined),
  );
  return { ref, member, coverage };
}
