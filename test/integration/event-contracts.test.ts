import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { as, eventually, request } from './support/api.js';
import { pdfBytes, uploadDocument } from './support/documents.js';
import { caseStatus, declaredCase, openTask, work } from './support/lifecycle.js';

// Every domain event the system emitted during the run must match its versioned JSON Schema in
// events/schemas/; an event without a schema fails too.
const schemaDir = join(import.meta.dirname, '..', '..', 'events', 'schemas');
const ajv = new (Ajv2020 as unknown as typeof Ajv2020.default)({ allErrors: true, strict: true, validateFormats: false });
const validators = new Map(
  readdirSync(schemaDir).map((file) => [file.replace('.v1.json', ''), ajv.compile(JSON.parse(readFileSync(join(schemaDir, file), 'utf8')))]),
);

describe('domain event contracts', () => {
  it('every emitted dossier.cases event validates against its schema', async () => {
    const caseId = await declaredCase();
    const uploaded = await uploadDocument('claimant1', caseId, 'medical-certificate', pdfBytes());
    await (await as('agent1')).post(`/api/cases/${caseId}/documents/${uploaded.documentId}/review`, { decision: 'accepted' });
    await work('agent1', (await openTask(caseId, 'qualification')).taskId, 'accept');
    const review = await openTask(caseId, 'medical-review');
    await (await as('supervisor1')).post(`/api/tasks/${review.taskId}/reassign`, { to: 'expert1' });
    await (await as('expert1')).post(`/api/tasks/${review.taskId}/complete`, { outcome: 'refused', data: { opinion: 'Lien non établi.' } });
    await caseStatus(caseId, 'closed');

    type BusEvent = { source: string; 'detail-type': string; detail: Record<string, unknown> };
    // CaseClosed is announced by the state after the one that closes the case.
    const domain = await eventually(async () => {
      const items = ((await request('GET', '/api/_local/events')).body.items as BusEvent[]).filter((e) => e.source === 'dossier.cases');
      return items.some((e) => e['detail-type'] === 'CaseClosed' && e.detail.caseId === caseId) ? items : undefined;
    });
    const ofThisCase = domain.filter((e) => e.detail.caseId === caseId).map((e) => e['detail-type']);
    expect(new Set(ofThisCase)).toEqual(
      new Set(['CaseCreated', 'DocumentReceived', 'DocumentReviewed', 'TaskCreated', 'TaskAssigned', 'TaskCompleted', 'CaseDecided', 'CaseClosed']),
    );
    for (const event of domain) {
      const validate = validators.get(event['detail-type']);
      expect(validate, `schema for ${event['detail-type']}`).toBeDefined();
      expect(validate!(event.detail), `${event['detail-type']}: ${JSON.stringify(validate!.errors)}`).toBe(true);
    }
  });
});
