import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { forbidden } from '#shared/errors.js';
import { apiHandler, type ApiEvent } from '#shared/http/api-handler.js';

const context = { awsRequestId: 'req-1', functionName: 'test', getRemainingTimeInMillis: () => 1000 } as unknown as Context;

function event(overrides: Partial<ApiEvent> & { claims?: Record<string, string> } = {}): ApiEvent {
  const { claims = { sub: 'u1', username: 'agent1', 'cognito:groups': '[agent]' }, ...rest } = overrides;
  return {
    version: '2.0',
    routeKey: 'POST /api/things',
    rawPath: '/api/things',
    rawQueryString: '',
    headers: { 'content-type': 'application/json' },
    isBase64Encoded: false,
    requestContext: { authorizer: { jwt: { claims, scopes: [] } }, http: { method: 'POST' } },
    ...rest,
  } as unknown as ApiEvent;
}

const echo = apiHandler({
  body: z.strictObject({ name: z.string().min(1), count: z.int() }),
  run: async ({ body, principal }) => ({ status: 201, body: { ...body, by: principal.username } }),
});

const parseBody = (result: { body?: string }) => JSON.parse(result.body ?? '{}');

describe('an API handler', () => {
  it('passes a valid body and the caller to the use case', async () => {
    const result = await echo(event({ body: '{"name":"a","count":2}' }), context);
    expect(result.statusCode).toBe(201);
    expect(parseBody(result)).toEqual({ name: 'a', count: 2, by: 'agent1' });
  });

  it('answers 400 naming every field at fault, and not the values', async () => {
    const result = await echo(event({ body: '{"name":"","count":"two","extra":"secret-value"}' }), context);
    expect(result.statusCode).toBe(400);
    const { error } = parseBody(result);
    expect(error.fields.map((f: { field: string }) => f.field).sort()).toEqual(['body', 'count', 'name']);
    expect(error.message).toContain('count');
    expect(result.body).not.toContain('secret-value');
  });

  it('answers 400 on malformed JSON', async () => {
    const result = await echo(event({ body: '{"name":' }), context);
    expect(result.statusCode).toBe(400);
    expect(parseBody(result).error).toMatchObject({ code: 'malformed_json', fields: [{ field: 'body' }] });
  });

  it('answers 413 to a body over 256 KB before parsing it', async () => {
    const result = await echo(event({ body: JSON.stringify({ name: 'x'.repeat(300_000), count: 1 }) }), context);
    expect(result.statusCode).toBe(413);
  });

  it('answers 401 when the authorizer gave no subject', async () => {
    const result = await echo(event({ body: '{"name":"a","count":1}', claims: {} }), context);
    expect(result.statusCode).toBe(401);
  });

  it('keeps the status and code of a client error', async () => {
    const refusing = apiHandler({ run: async () => { throw forbidden(); } });
    const result = await refusing(event(), context);
    expect(result.statusCode).toBe(403);
    expect(parseBody(result).error.code).toBe('forbidden');
  });

  it('hides the details of an internal error', async () => {
    const failing = apiHandler({
      run: async () => { throw new Error('Requested resource not found: Table: dossier-internal-name'); },
    });
    const result = await failing(event(), context);
    expect(result.statusCode).toBe(500);
    expect(result.body).not.toMatch(/dossier-internal-name|Table|at /);
    expect(parseBody(result).error.code).toBe('internal_error');
  });

  it('marks every answer as not cacheable', async () => {
    const result = await echo(event({ body: '{"name":"a","count":1}' }), context);
    expect(result.headers?.['cache-control']).toBe('no-store');
  });
});
