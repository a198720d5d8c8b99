import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { routes } from '#functions/registry.js';
import { countItems, request, tokenFor } from './support/api.js';
import { declaredCase, openTask } from './support/lifecycle.js';

// Random bodies, parameters and query strings on every route, with a fixed seed and a bounded
// number of runs so CI stays repeatable: never a 5xx, never a stack trace or an internal name,
// and a refused request writes nothing.
const SEED = 20261124;
const RUNS = 12;
const INTERNALS = /stack|at \/|\.ts:\d|TableName|dossier-documents|arn:aws|ConditionalCheck|DynamoDB|undefined is not/i;

let caseId: string;
let taskId: string;

beforeAll(async () => {
  caseId = await declaredCase();
  taskId = (await openTask(caseId, 'qualification')).taskId;
}, 60_000);

const jsonValue = fc.jsonValue({ maxDepth: 3 });
const nastyString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom('../../etc/passwd', '%00', '{"$ne":null}', '<script>alert(1)</script>', "' OR 1=1 --", 'T'.repeat(300), '🦄', '\u0000', 'cases/../x'),
);
const body = fc.oneof(
  jsonValue,
  fc.dictionary(fc.constantFrom('type', 'data', 'outcome', 'to', 'taskIds', 'text', 'decision', 'reason', 'fileName', 'contentType', 'size', 'category', 'title', 'version', 'queue'), jsonValue, { maxKeys: 5 }),
);

function pathFor(path: string, id: string | undefined): string {
  return path
    .replace('{caseId}', encodeURIComponent(id ?? caseId))
    .replace('{taskId}', encodeURIComponent(id ?? taskId))
    .replace('{documentId}', encodeURIComponent(id ?? '01JZZZZZZZZZZZZZZZZZZZZZZZ'))
    .replace('{notificationId}', encodeURIComponent(id ?? '0'.repeat(32)));
}

// Reads first, then writes: staff reads of a case are recorded by design, so only the write
// routes are held to "writes nothing", and each write route's count after it is the next one's
// count before (a full count of the table is the slow part of this file), unless it accepted
// something, which may go on writing.
const ordered = [...routes.filter((r) => r.method === 'GET'), ...routes.filter((r) => r.method !== 'GET')];
let countBefore: number | undefined;

describe('fuzzed input on every route', () => {
  for (const route of ordered) {
    it(`${route.method} ${route.path} never answers 5xx nor leaks internals, and writes nothing when it refuses`, { timeout: 120_000 }, async () => {
      const users = ['claimant1', 'agent1', 'supervisor1'];
      const before = route.method === 'GET' ? undefined : (countBefore ?? (await countItems()));
      countBefore = undefined;
      let accepted = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...users),
          fc.option(nastyString, { nil: undefined }),
          fc.option(fc.dictionary(fc.constantFrom('status', 'type', 'q', 'limit', 'cursor', 'view', 'assignee', 'caseId', 'queue', 'x'), nastyString, { maxKeys: 3 }), { nil: undefined }),
          body,
          fc.boolean(),
          async (user, id, query, payload, rawGarbage) => {
            const search = query ? `?${new URLSearchParams(query).toString()}` : '';
            const options: Parameters<typeof request>[2] = { token: await tokenFor(user) };
            if (route.method !== 'GET') {
              if (rawGarbage) options.rawBody = JSON.stringify(payload).slice(0, -1) || '{';
              else options.body = payload;
              options.headers = { 'content-type': 'application/json' };
            }
            const response = await request(route.method, `${pathFor(route.path, id)}${search}`, options);
            expect(response.status, `${route.method} ${route.path}${search}`).toBeLessThan(500);
            if (response.status >= 400) {
              expect(response.body.error).toEqual(expect.objectContaining({ code: expect.any(String), message: expect.any(String) }));
              expect(JSON.stringify(response.body)).not.toMatch(INTERNALS);
            } else if (route.method !== 'GET') {
              accepted++;
            }
          },
        ),
        { seed: SEED, numRuns: RUNS },
      );
      // Only requests that were accepted may have written something.
      if (before === undefined || accepted > 0) return;
      const after = await countItems();
      expect(after).toBe(before);
      countBefore = after;
    });
  }
});
