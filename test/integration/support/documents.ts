import { expect } from 'vitest';
import { as, eventually } from './api.js';

/** A small but real PDF: file-type recognises it by its magic bytes. */
export function pdfBytes(text = 'Dossier test document'): Buffer {
  return Buffer.from(`%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% ${text}\ntrailer << /Root 1 0 R >>\n%%EOF\n`);
}

/** A 1×1 PNG. */
export const PNG_BYTES = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

/** Uploads exactly as a browser does: a multipart POST of the presigned fields, then the file. */
export async function postToS3(upload: { url: string; fields: Record<string, string> }, bytes: Buffer, contentType: string, fileName: string) {
  const form = new FormData();
  for (const [name, value] of Object.entries(upload.fields)) form.append(name, value);
  form.append('file', new Blob([new Uint8Array(bytes)], { type: contentType }), fileName);
  return fetch(upload.url, { method: 'POST', body: form });
}

/** Asks for an upload slot as `user`, sends the file, and waits until the case has processed it. */
export async function uploadDocument(
  user: string,
  caseId: string,
  category: string,
  bytes: Buffer,
  contentType = 'application/pdf',
  fileName = `${category}.pdf`,
): Promise<{ documentId: string; status: string; version: number; [field: string]: unknown }> {
  const client = await as(user);
  const ticket = await client.post(`/api/cases/${caseId}/documents`, { fileName, contentType, size: bytes.length, category });
  expect(ticket.status, JSON.stringify(ticket.body)).toBe(201);
  const posted = await postToS3(ticket.body.upload, bytes, contentType, fileName);
  expect(posted.ok).toBe(true);
  const staff = await as('supervisor1');
  return eventually(async () => {
    const view = await staff.get(`/api/cases/${caseId}`);
    const document = view.body.documents.find((d: { documentId: string }) => d.documentId === ticket.body.documentId);
    return document && document.status !== 'pending' ? document : undefined;
  });
}

/** The entries of an archive's tar, in order, and its manifest, read as an auditor's tar tool would. */
export async function tarContents(tar: Buffer): Promise<{ names: string[]; manifest: any }> {
  const { extract } = await import('tar-stream');
  const reader = extract();
  reader.end(tar);
  const names: string[] = [];
  let manifest: unknown;
  for await (const entry of reader) {
    names.push(entry.header.name);
    const chunks: Buffer[] = [];
    for await (const chunk of entry as AsyncIterable<Buffer>) chunks.push(chunk);
    if (entry.header.name === 'manifest.json') manifest = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  }
  return { names, manifest };
}

/** A tar of the given entries, to put a forged archive in place. */
export async function tarOf(entries: [name: string, content: string | Buffer][]): Promise<Buffer> {
  const { pack } = await import('tar-stream');
  const tar = pack();
  for (const [name, content] of entries) tar.entry({ name }, content);
  tar.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of tar as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}
