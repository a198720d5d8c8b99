import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema.gen.js';

/** The API's error shape (API.md): a code, a message, and the fields at fault for a 400. */
export interface ApiError {
  readonly code: string;
  readonly message: string;
  readonly fields?: readonly { field: string; message: string }[];
}

let bearer: string | undefined;
let onUnauthorized: () => void = () => undefined;

export function useBearer(token: string | undefined, whenRefused: () => void): void {
  bearer = token;
  onUnauthorized = whenRefused;
}

const authMiddleware: Middleware = {
  onRequest({ request }) {
    if (bearer) request.headers.set('authorization', `Bearer ${bearer}`);
    return request;
  },
  onResponse({ response }) {
    // An expired session: back to the login form rather than a page of failures.
    if (response.status === 401 && bearer) onUnauthorized();
    return response;
  },
};

/** Every call is typed by the OpenAPI document the API serves (schema.gen.ts is generated from it). */
export const api = createClient<paths>({ baseUrl: '' });
api.use(authMiddleware);

/** Unwraps an openapi-fetch answer: the data, or an error the page can show. */
export async function call<T>(pending: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await pending;
  if (response.ok) return data as T;
  throw new ApiFailure(response.status, (error as { error?: ApiError } | undefined)?.error);
}

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly detail: ApiError | undefined,
  ) {
    super(detail?.message ?? `HTTP ${status}`);
    this.name = 'ApiFailure';
  }
}

/** The local login (POST /api/auth/login, absent from the OpenAPI document since AWS uses Cognito). */
export async function logIn(username: string, password: string): Promise<string> {
  const response = await fetch('/api/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const body = (await response.json().catch(() => ({}))) as { token?: string; error?: ApiError };
  if (!response.ok || !body.token) throw new ApiFailure(response.status, body.error);
  return body.token;
}

/**
 * Sends a file straight to S3 with the presigned POST, reporting progress: fetch cannot report
 * upload progress, XMLHttpRequest can.
 */
export function uploadToS3(upload: { url: string; fields: Record<string, string> }, file: File, onProgress: (share: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    for (const [name, value] of Object.entries(upload.fields)) form.append(name, value);
    form.append('file', file);
    const request = new XMLHttpRequest();
    request.open('POST', upload.url);
    request.upload.onprogress = (event) => event.lengthComputable && onProgress(event.loaded / event.total);
    request.onload = () => (request.status >= 200 && request.status < 300 ? resolve() : reject(new ApiFailure(request.status, undefined)));
    request.onerror = () => reject(new ApiFailure(0, undefined));
    request.send(form);
  });
}
