import { now } from '../clock.js';
import { SYSTEM_ACTOR } from '../cases/case-record.js';
import { getCase, recordChange } from '../cases/case-repository.js';
import { decideLater, decisionWrite } from '../rules/case-decisions.js';

/**
 * A decision a lifecycle branches on (straight-through or not, investigate or not, who may
 * settle): taken with the version the case pinned, stored with its facts, recorded in the
 * history, and handed back for the state machine's Choice. The Choice is in the ASL, so which
 * path a case takes is read from the lifecycle, not hidden in a handler.
 */
export async function takeDecision(input: { caseId: string; decisionId: string }): Promise<{ value: unknown; version: number }> {
  const record = await getCase(input.caseId);
  if (!record) throw Object.assign(new Error('case not found'), { name: 'CaseNotFound' });
  const at = now();
  const decision = await decideLater(record, input.decisionId, at);
  if (!decision) throw Object.assign(new Error(`decision ${input.decisionId} is not pinned by the case`), { name: 'UnknownDecision' });
  // A retried step decides the same (same version, same facts) and records it again: harmless,
  // and the history shows the retry.
  await recordChange(
    input.caseId,
    {
      at: at.toISOString(),
      actor: SYSTEM_ACTOR,
      action: 'decision.taken',
      details: { decisions: [{ decisionId: decision.decisionId, version: decision.version, matchedRules: decision.matchedRules }] },
    },
    { linkedWrites: [decisionWrite(record, decision)] },
  );
  return { value: decision.value, version: decision.version };
}
