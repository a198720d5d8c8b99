import { inject } from 'vitest';

// What the browser tests do through the API rather than the screen (setting up work, playing a
// reviewer's part, reading the local outbox): one token per demo user, signed in once per file.
const tokens = new Map<string, string>();

export async function api<T = any>(username: string | undefined, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  if (username && !tokens.has(username)) {
    const login = await fetch(`${inject('portalUrl')}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'demo' }) });
    tokens.set(username, ((await login.json()) as { token: string }).token);
  }
  const response = await fetch(`${inject('portalUrl')}${path}`, {
    method,
    headers: { ...(username ? { authorization: `Bearer ${tokens.get(username)}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json().catch(() => undefined)) as T };
}

/** A small but real PDF: the upload is checked by its magic bytes on arrival. */
export const pdf = (name: string) => ({
  name: `${name}.pdf`,
  mimeType: 'application/pdf',
  buffer: Buffer.from(`%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% ${name}\ntrailer << /Root 1 0 R >>\n%%EOF\n`),
});

/** A surname no other case has, so that a file finds its own cases and no other's. */
export const uniqueSurname = (prefix: string) => `${prefix}${Array.from({ length: 8 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join('')}`;
