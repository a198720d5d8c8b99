import * as z from 'zod';
import { badRequest } from '../errors.js';

// Paging cursors are opaque to clients: base64url JSON, validated on the way back in so that a
// forged cursor is a 400, never a DynamoDB error.
export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

export function decodeCursor<S extends z.ZodType>(cursor: string | undefined, schema: S): z.output<S> | undefined {
  if (cursor === undefined) return undefined;
  try {
    return schema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw invalidCursor();
  }
}

export function invalidCursor() {
  return badRequest('Invalid query: cursor', [{ field: 'cursor', message: 'not a cursor this API issued' }]);
}
