// The two cases the cost bench prices, played through the HTTP API as people would (the portal's
// calls, the browser's uploads straight to S3). Between steps the bench waits with its own,
// unmetered reads (observer.ts): a person comes back later, they do not poll.
import { randomUUID } from 'node:crypto';
import type { Observer } from './observer.js';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface Api {
  call(user: string, method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Json>;
}

/** Calls the API as the demo users (logged in once, through the local login route: Cognito in AWS). */
export function apiClient(baseUrl: string): Api {
  const tokens = new Map<string, string>();
  const token = async (user: string) => {
    if (!tokens.has(user)) {
      const response = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: user, password: 'demo' }) });
      tokens.set(user, ((await response.json()) as { token: string }).token);
    }
    return tokens.get(user)!;
  };
  return {
    async call(user, method, path, body, headers = {}) {
      const response = await fetch(`${baseUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${await token(user)}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      if (response.status >= 300) throw new Error(`bench: ${method} ${path} as ${user} answered ${response.status}: ${text.slice(0, 300)}`);
      return text ? JSON.parse(text) : undefined;
    },
  };
}

/** A PDF of `bytes` bytes, the size of a scanned page (file-type knows it by its first bytes). */
export function scannedPdf(label: string, bytes = 200 * 1024): Buffer {
  const head = Buffer.from(`%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% ${label}\n`);
  const tail = Buffer.from('\ntrailer << /Root 1 0 R >>\n%%EOF\n');
  return Buffer.concat([head, Buffer.alloc(Math.max(0, bytes - head.length - tail.length), 0x20), tail]);
}

/** The browser's upload: a multipart POST of the presigned fields and the file, straight to S3. */
async function upload(ticket: { url: string; fields: Record<string, string> }, bytes: Buffer, fileName: string): Promise<void> {
  const form = new FormData();
  for (const [name, value] of Object.entries(ticket.fields)) form.append(name, value);
  form.append('file', new Blob([new Uint8Array(bytes)], { type: 'application/pdf' }), fileName);
  const response = await fetch(ticket.url, { method: 'POST', body: form });
  if (!response.ok) throw new Error(`bench: upload to S3 answered ${response.status}`);
}

/**
 * Scenario A (../shared DOMAIN.md): a claimant declares an occupational disease with eight months
 * of contributions, so the rules ask for the affiliation certificate in its sub-folder; they send
 * the form, the medical certificate, the identity document and that certificate. An agent finds
 * the qualification task, opens the case, accepts the four documents and the qualification; the
 * medical adviser finds the review, opens the case and the medical certificate, and recognises the
 * disease; the case is decided, the claimant notified, the case closed and archived; the
 * claimant reads the notification and the decision.
 */
export async function scenarioA(api: Api, observe: Observer): Promise<string> {
  await api.call('claimant1', 'GET', '/api/case-types');
  const declared = await api.call('claimant1', 'POST', '/api/cases', {
    type: 'occupational-disease',
    data: {
      requestType: 'initial',
      claimant: { firstName: 'Karim', lastName: 'Haddad', birthDate: '1985-11-30', email: 'karim.haddad@example.org' },
      employer: { name: 'Atelier Mécanique du Nord' },
      disease: { description: 'Surdité liée à une exposition prolongée au bruit industriel dans l’atelier de presses.', tableReference: 'RG 42', firstMedicalObservation: '2026-10-15' },
      contributionMonths: 8,
      preferredLanguage: 'fr',
    },
  }, { 'idempotency-key': randomUUID() });
  const caseId = declared.caseId as string;
  // The portal shows the case and, once it is registered, the documents it asks for.
  await observe.registered(caseId);
  await api.call('claimant1', 'GET', `/api/cases/${caseId}`);

  const documents: Record<string, string> = {};
  for (const category of ['declaration-form', 'medical-certificate', 'identity-document', 'affiliation-certificate']) {
    const bytes = scannedPdf(category);
    const ticket = await api.call('claimant1', 'POST', `/api/cases/${caseId}/documents`, { fileName: `${category}.pdf`, contentType: 'application/pdf', size: bytes.length, category });
    await upload(ticket.upload, bytes, `${category}.pdf`);
    documents[category] = ticket.documentId;
  }
  for (const documentId of Object.values(documents)) await observe.documentProcessed(caseId, documentId);
  await api.call('claimant1', 'GET', `/api/cases/${caseId}`);

  const qualification = await observe.openTask(caseId, 'qualification');
  await api.call('agent1', 'GET', '/api/tasks?view=queue&limit=50');
  await api.call('agent1', 'GET', `/api/cases/${caseId}`);
  for (const documentId of Object.values(documents)) {
    await api.call('agent1', 'POST', `/api/cases/${caseId}/documents/${documentId}/review`, { decision: 'accepted' });
  }
  await api.call('agent1', 'POST', `/api/tasks/${qualification.taskId}/claim`);
  await api.call('agent1', 'POST', `/api/tasks/${qualification.taskId}/complete`, { outcome: 'accept' });

  const review = await observe.openTask(caseId, 'medical-review');
  await api.call('expert1', 'GET', '/api/tasks?view=queue&limit=50');
  await api.call('expert1', 'GET', `/api/cases/${caseId}`);
  const certificate = await api.call('expert1', 'GET', `/api/cases/${caseId}/documents/${documents['medical-certificate']}`);
  const download = await fetch(certificate.downloadUrl as string);
  if (!download.ok) throw new Error(`bench: download answered ${download.status}`);
  await download.arrayBuffer();
  await api.call('expert1', 'POST', `/api/tasks/${review.taskId}/claim`);
  await api.call('expert1', 'POST', `/api/tasks/${review.taskId}/complete`, { outcome: 'recognised', data: { opinion: 'Tableau RG 42 : conditions remplies, lien direct établi.' } });

  await observe.settled(caseId, 'occupational-disease', ['case.closed', 'case.archived', 'notification.sent']);
  await api.call('claimant1', 'GET', '/api/notifications?limit=20');
  await api.call('claimant1', 'GET', `/api/cases/${caseId}`);
  await observe.quiet();
  return caseId;
}

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

/**
 * A simple health reimbursement (scenario C): a member sends three lines (a consultation, a
 * medicine, a hospital stay) from identified providers, under the straight-through limit; it is
 * assessed, decided, paid and closed with no human task; the member reads the notification and
 * the case.
 */
export async function healthReimbursement(api: Api, observe: Observer): Promise<string> {
  await api.call('claimant1', 'GET', '/api/case-types');
  const line = (actCategory: string, amountPaid: string) => ({ actCategory, date: daysAgo(5), amountPaid, provider: 'Cabinet du Dr Petit', providerId: 'RPPS1234567' });
  const declared = await api.call('claimant1', 'POST', '/api/cases', {
    type: 'health-reimbursement',
    data: {
      member: { memberNumber: 'M0012345', firstName: 'Inès', lastName: 'Moreau', email: 'ines@example.org' },
      lines: [line('consultation', '33.33'), line('medicine', '12.10'), line('hospitalisation', '120.01')],
      preferredLanguage: 'fr',
    },
  }, { 'idempotency-key': randomUUID() });
  const caseId = declared.caseId as string;
  await observe.settled(caseId, 'health-reimbursement', ['case.closed', 'payment.requested', 'notification.sent']);
  await api.call('claimant1', 'GET', '/api/notifications?limit=20');
  await api.call('claimant1', 'GET', `/api/cases/${caseId}`);
  await observe.quiet();
  return caseId;
}
