import { requestPayment, type PaymentRequest } from '../payments/request-payment.js';
import { announce } from '../events/announce.js';
import { assessCase } from './assess-case.js';
import { concludeCase, finishCase } from './conclude-case.js';
import { registerCase } from './register-case.js';
import { takeDecision } from './take-decision.js';

// Steps of a lifecycle that need no person and follow one another, run in one state of the
// state machine. A Standard execution is billed per state entered ($25 per million, most of a
// straight-through case's cost, docs/capacity.md): registration, assessment and the routing
// decision as one state, then payment and conclusion as another, instead of ten states. The
// state machine keeps the branching (its Choice states read what the steps return); each step is
// idempotent on its own, so a retried state redoes only what is left.

export type AutomaticStep =
  | { readonly run: 'register' }
  | { readonly run: 'assess' }
  /** A decision the lifecycle branches on, returned under `as`. */
  | { readonly run: 'decide-rule'; readonly decisionId: string; readonly as: string }
  /** Commits the payment (the assessment's amount unless one is given) and announces it. */
  | { readonly run: 'pay'; readonly amount?: string }
  | { readonly run: 'decide'; readonly decision: string }
  | { readonly run: 'notify'; readonly decision: string }
  /** Decide, notify, close. */
  | { readonly run: 'conclude'; readonly decision: string }
  | { readonly run: 'close'; readonly reason: string };

export interface AutomaticStepsInput {
  readonly caseId: string;
  readonly executionId?: string;
  /** The amount a person settled, for a `pay` step that names none (the state gives it by path). */
  readonly amount?: string;
  readonly steps: readonly AutomaticStep[];
}

export async function runAutomaticSteps(input: AutomaticStepsInput): Promise<Record<string, unknown>> {
  const results: Record<string, unknown> = {};
  const { caseId } = input;
  for (let i = 0; i < input.steps.length; i++) {
    const step = input.steps[i]!;
    const following = input.steps[i + 1];
    switch (step.run) {
      case 'register':
        results.registration = await registerCase({ caseId, ...(input.executionId ? { executionId: input.executionId } : {}) });
        break;
      case 'assess': {
        const assessment = await assessCase({ caseId });
        // `capped`: the member's annual ceiling cut the amount; a person looks at it before it is paid.
        results.assessment = { amount: assessment.amount, currency: assessment.currency, capped: Boolean(assessment.ceilingCaps) };
        break;
      }
      case 'decide-rule':
        results[step.as] = { value: (await takeDecision({ caseId, decisionId: step.decisionId })).value };
        break;
      case 'pay': {
        const amount = step.amount ?? input.amount;
        const payment = await requestPayment({ caseId, ...(amount ? { amount } : {}) });
        // Announced on every run of the step, as the lifecycle steps do (shared/events/announce.ts):
        // the finance system pays an idempotency key once.
        await announce('PaymentRequested', paymentRequested(payment));
        results.payment = { paymentId: payment.paymentId, amount: payment.amount, currency: payment.currency };
        break;
      }
      case 'decide':
        await concludeCase({ step: 'decide', caseId, decision: step.decision });
        break;
      case 'notify':
        // A notice followed by the closing: one change of the case, not two (shared/workflows/conclude-case.ts).
        if (following?.run === 'close') {
          results.closed = await finishCase(caseId, { notify: true, closeReason: following.reason });
          i++;
        } else await concludeCase({ step: 'notify', caseId, decision: step.decision });
        break;
      case 'conclude':
        results.closed = await concludeCase({ step: 'conclude', caseId, decision: step.decision });
        break;
      case 'close':
        results.closed = await concludeCase({ step: 'close', caseId, reason: step.reason });
        break;
    }
  }
  return results;
}

/** The event the finance system reads (events/schemas/PaymentRequested). */
function paymentRequested(payment: PaymentRequest) {
  const { caseId, caseType, paymentId, idempotencyKey, amount, currency, payee, allocations } = payment;
  return { caseId, caseType, paymentId, idempotencyKey, amount, currency, payee, allocations };
}
