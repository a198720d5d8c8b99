import { withBackoff } from '../aws/backoff.js';
import { publishDomainEventOrFail, type DomainEventType } from './publish.js';

/**
 * A lifecycle step's own announcement (CaseCreated, CaseDecided, CaseClosed), made by the step's
 * Lambda instead of a PutEvents state after it, which would cost a state transition per case.
 * Made on every run of the step, a retry included: a step that did its work and then saw the
 * event refused must still announce it. Throttling is retried here; a refusal fails the step as
 * `EventNotPublished`, which the state machine retries (its consumers act once per occurrence).
 */
export async function announce(detailType: DomainEventType, detail: Record<string, unknown>): Promise<void> {
  await withBackoff(() => publishDomainEventOrFail(detailType, detail));
}
