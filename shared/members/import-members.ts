import * as z from 'zod';
import { authorize } from '../auth/permissions.js';
import type { Principal } from '../auth/principal.js';
import { now } from '../clock.js';
import { badRequest } from '../errors.js';
import { logger } from '../observability/logger.js';
import { csvRows } from './csv-rows.js';
import { fhirRows } from './fhir/fhir-rows.js';
import { coverageSchema, MAX_IMPORT_ROWS, memberSchema, type ImportMembersBody, type ImportReport, type ImportRow, type RejectedRow } from './member-record.js';

export { importMembersBody } from './member-record.js';
import { writeMemberRow } from './member-repository.js';

// Rows are written this many at a time: each is its own transaction, none waits for the others.
const CONCURRENCY = 16;


/**
 * Imports members and coverages, from the fund's CSV or a FHIR R4 Bundle. Each row is checked on
 * its own and applied whole or not at all; a bad row is reported with its reason and the others go
 * in. Importing the same file twice writes nothing the second time.
 */
export async function importMembers(principal: Principal, body: ImportMembersBody): Promise<ImportReport> {
  authorize(principal, 'members:import');
  const parsed = 'csv' in body ? csvRows(body.csv) : fhirRows(body.bundle);
  const fileError = 'headerError' in parsed ? parsed.headerError : 'bundleError' in parsed ? parsed.bundleError : undefined;
  const field = 'csv' in body ? 'csv' : 'bundle';
  if (fileError) throw badRequest(`Invalid body: ${field}`, [{ field, message: fileError }]);
  if (parsed.rows.length === 0) throw badRequest(`Invalid body: ${field}`, [{ field, message: 'has no rows' }]);
  if (parsed.rows.length > MAX_IMPORT_ROWS) throw badRequest(`Invalid body: ${field}`, [{ field, message: `has ${parsed.rows.length} rows; at most ${MAX_IMPORT_ROWS} a request` }]);
  const report = await applyRows(parsed.rows, now());
  // Counts only: rows hold names and birth dates.
  logger.info('members imported', { source: field, rows: report.rows, imported: report.imported, unchanged: report.unchanged, rejected: report.rejected.length });
  return report;
}

export async function applyRows(rows: readonly ImportRow[], at: Date): Promise<ImportReport> {
  const rejected: RejectedRow[] = [];
  let imported = 0;
  let unchanged = 0;
  let next = 0;
  const worker = async () => {
    while (next < rows.length) {
      const row = rows[next++]!;
      const outcome = await applyRow(row, at);
      if (outcome === 'written') imported++;
      else if (outcome === 'unchanged') unchanged++;
      else rejected.push(outcome);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, rows.length) }, worker));
  const order = new Map(rows.map((r, i) => [r.ref, i]));
  return { rows: rows.length, imported, unchanged, rejected: rejected.sort((a, b) => order.get(a.ref)! - order.get(b.ref)!) };
}

async function applyRow(row: ImportRow, at: Date): Promise<'written' | 'unchanged' | RejectedRow> {
  if (row.unreadable) return { ref: row.ref, ...row.unreadable };
  const member = memberSchema.safeParse(row.member ?? {});
  if (!member.success) return rejection(row, 'member', member.error);
  const coverage = row.coverage === undefined ? undefined : coverageSchema.safeParse(row.coverage);
  if (coverage && !coverage.success) return rejection(row, 'coverage', coverage.error);
  return writeMemberRow(member.data, coverage?.data, at);
}

function rejection(row: ImportRow, part: 'member' | 'coverage', error: z.ZodError): RejectedRow {
  const issue = error.issues[0]!;
  const ours = [part, ...issue.path.map(String)].join('.');
  // The CSV's columns are our field names; a coverage's dates are its coverageStart/End columns.
  const csvName = part === 'coverage' && (issue.path[0] === 'start' || issue.path[0] === 'end') ? `coverage${String(issue.path[0])[0]!.toUpperCase()}${String(issue.path[0]).slice(1)}` : issue.path.map(String).join('.');
  const field = row.fieldNames ? (row.fieldNames[ours] ?? ours) : csvName || part;
  const message = issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : issue.message;
  return { ref: row.ref, field, message };
}
