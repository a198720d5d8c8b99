import type * as z from 'zod';
import { badRequest, type ClientError, type FieldIssue } from '../errors.js';

/**
 * Turns a zod failure into a 400 that names every field at fault, without echoing values.
 * `within` names the body field that was validated on its own (e.g. `data`), so that paths read
 * from the body's root: `data.claimant.email`.
 */
export function validationError(error: z.ZodError, where: 'body' | 'query' | 'path', within?: string): ClientError {
  const fields: FieldIssue[] = error.issues.map((issue) => ({
    field: fieldName(where, within ? [within, ...issue.path] : issue.path),
    message: issueMessage(issue),
  }));
  const names = [...new Set(fields.map((f) => f.field))].join(', ');
  return badRequest(`Invalid ${where === 'path' ? 'path parameter' : where}: ${names}`, fields);
}

function fieldName(where: string, path: readonly PropertyKey[]): string {
  const joined = path.map(String).join('.');
  if (where === 'body') return joined || 'body';
  return joined ? joined : where;
}

function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `unknown field(s): ${issue.keys.join(', ')}`;
  return issue.message;
}
