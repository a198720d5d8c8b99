import { now } from '../clock.js';
import { SYSTEM_ACTOR } from '../cases/case-record.js';
import { getCase, recordChange } from '../cases/case-repository.js';
import { announce } from '../events/announce.js';
import { intakeDecisions } from '../rules/case-decisions.js';
import { caseClockAtIntake } from '../sla/case-clock.js';

export interface RegisterCaseInput {
  readonly caseId: string;
  readonly executionId?: string;
}

/**
 * First step of every lifecycle. Step Functions retries tasks and may deliver twice, so a case
 * that is already past `received` is left as it is and the same answer is given. Either way the
 * case is announced (CaseCreated): a retry after a refused event must announce it still.
 */
export async function registerCase(input: RegisterCaseInput): Promise<{ status: string; caseType: string }> {
  const registered = await registerOnce(input);
  await announce('CaseCreated', { caseId: input.caseId, caseType: registered.caseType });
  return registered;
}

async function registerOnce(input: RegisterCaseInput): Promise<{ status: string; caseType: string }> {
  const current = await getCase(input.caseId);
  if (!current) throw Object.assign(new Error('case not found'), { name: 'CaseNotFound' });
  if (current.status !== 'received') return { status: current.status, caseType: current.type };
  // What intake left to this step, as of the declaration: the rule versions in force then are
  // pinned and the intake decisions (documents required, routing) taken with them, and the case's
  // service-level clock runs from the declaration, not from this step (a surge may delay it).
  const declaredAt = new Date(current.createdAt);
  const decisions = await intakeDecisions(current, declaredAt);
  const clock = caseClockAtIntake(current, declaredAt);
  const { record } = await recordChange(
    input.caseId,
    {
      at: now().toISOString(),
      actor: SYSTEM_ACTOR,
      action: 'case.registered',
      details: { ...(input.executionId ? { executionId: input.executionId } : {}), decisions: decisions.summary },
    },
    {
      status: 'registered',
      expectedVersion: current.version,
      set: { ...decisions.set, ...(clock ? { clock: clock.clock } : {}) },
      linkedWrites: [...decisions.writes, ...(clock ? [clock.dueWrite] : [])],
    },
  ).catch(async (error: unknown) => {
    // Lost a race with a duplicate delivery of this very step: report what is there now.
    const latest = await getCase(input.caseId);
    if (latest && latest.status !== 'received') return { record: latest };
    throw error;
  });
  return { status: record.status, caseType: record.type };
}
