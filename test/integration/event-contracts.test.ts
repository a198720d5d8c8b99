import { describe, expect, it } from 'vitest';
import { as, eventually } from './support/api.js';
import { pdfBytes, uploadDocument } from './support/documents.js';
import { contractViolations, domainEvents } from './support/event-schemas.js';
import { caseStatus, declaredCase, openTask, work } from './support/lifecycle.js';

// Every domain event the system emitted during the run must match its versioned JSON Schema in
// events/schemas/; an event without a schema fails too.
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

    // CaseClosed is announced by the closing step once the case is closed (archive-case archives on it).
    const domain = await eventually(async () => {
      const items = await domainEvents();
      return items.some((e) => e['detail-type'] === 'CaseClosed' && e.detail.caseId === caseId) ? items : undefined;
    });
    const ofThisCase = domain.filter((e) => e.detail.caseId === caseId).map((e) => e['detail-type']);
    expect(new Set(ofThisCase)).toEqual(
      new Set(['CaseCreated', 'DocumentReceived', 'DocumentReviewed', 'TaskCreated', 'TaskAssigned', 'TaskCompleted', 'CaseDecided', 'CaseClosed']),
    );
    expect(contractViolations(domain)).toEqual([]);
  });
});
