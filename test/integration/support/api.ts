import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { inject } from 'vitest';

export const apiUrl = () => inject('apiUrl');

export interface ApiResponse<T = any> {
  readonly status: number;
  readonly body: T;
  readonly headers: Headers;
}

const tokens = new Map<string, string>();

/** Logs a demo user in through the local login route (cached per test file). */
export async function tokenFor(username: string): Promise<string> {
  const cached = tokens.get(username);
  if (cached) return cached;
  const response = await request('POST', '/api/auth/login', { body: { username, password: 'demo' } });
  if (response.status !== 200) throw new Error(`login of ${username} failed: ${response.status}`);
  tokens.set(username, response.body.token);
  return response.body.token as string;
}

export async function request(
  method: string,
  path: string,
  options: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<ApiResponse> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const response = await fetch(`${apiUrl()}${path}`, { method, headers, body });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body: parsed, headers: response.headers };
}

/** Calls the API as a demo user. */
export async function as(username: string) {
  const token = await tokenFor(username);
  return {
    get: (path: string, headers?: Record<string, string>) => request('GET', path, { token, headers }),
    post: (path: string, body?: unknown, headers?: Record<string, string>) => request('POST', path, { token, body, headers }),
    postRaw: (path: string, rawBody: string, headers?: Record<string, string>) => request('POST', path, { token, rawBody, headers }),
    put: (path: string, body?: unknown, headers?: Record<string, string>) => request('PUT', path, { token, body, headers }),
    patch: (path: string, body?: unknown, headers?: Record<string, string>) => request('PATCH', path, { token, body, headers }),
  };
}

/**
 * Counts every item in the table once it stops changing (earlier tests' lifecycles may still be
 * writing): "writes nothing" is checked against this.
 */
export async function countItems(): Promise<number> {
  let previous = await rawCount();
  for (let i = 0; i < 50; i++) {
    await new Promise((r) => setTimeout(r, 150));
    const current = await rawCount();
    if (current === previous) return current;
    previous = current;
  }
  throw new Error('the table never stopped changing');
}

async function rawCount(): Promise<number> {
  const client = new DynamoDBClient({
    endpoint: inject('dynamodbEndpoint'),
    region: 'eu-west-3',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  // A parallel scan: by the later files the table holds tens of thousands of items, and DynamoDB
  // Local's paging slows down the further it goes: 30,000 items counted in 8 segments took 0.5 s
  // here, in one 3.5 to 4.6 s.
  const SEGMENTS = 8;
  const segment = async (index: number) => {
    let count = 0;
    let start: Record<string, any> | undefined;
    do {
      const page = await client.send(new ScanCommand({ TableName: 'dossier', Select: 'COUNT', ExclusiveStartKey: start, ConsistentRead: true, Segment: index, TotalSegments: SEGMENTS }));
      count += page.Count ?? 0;
      start = page.LastEvaluatedKey;
    } while (start);
    return count;
  };
  const counts = await Promise.all(Array.from({ length: SEGMENTS }, (_, index) => segment(index)));
  client.destroy();
  return counts.reduce((a, b) => a + b, 0);
}

/** Polls until `check` returns a value, for what the state machine does asynchronously. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}
