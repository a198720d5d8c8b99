import { now } from '../clock.js';
import { viewClock, type ClockView, type SlaClock } from '../sla/sla-clock.js';

/**
 * A piece of human work on a case. Tasks created by a state machine carry the task token that
 * moves the execution on when they are completed; ad-hoc tasks added by people have none.
 */
// 'completing': the outcome is recorded and being handed to the workflow; a retry finishes it.
export type TaskStatus = 'open' | 'assigned' | 'completing' | 'completed' | 'cancelled';

export interface TaskRecord {
  readonly taskId: string;
  readonly caseId: string;
  readonly caseType: string;
  readonly kind: string;
  readonly title: Readonly<Record<string, string>>;
  readonly status: TaskStatus;
  /** The role whose queue the task belongs to. */
  readonly queue: string;
  /** Username of the person working on it, once claimed or assigned. */
  readonly assignee?: string;
  /** When it was last handed to its assignee (their handling time counts from then). */
  readonly assignedAt?: string;
  /** What its assignee needs, as the assignment policy said at its creation (shared/staff/). */
  readonly needs?: { readonly language?: string; readonly region?: string; readonly authority?: number };
  /** When the task breaches its service level (projected from its clock while it runs). */
  readonly dueAt: string;
  /** When it turns at risk; absent for tasks without a clock. */
  readonly atRiskAt?: string;
  /** Its service-level clock, counted in business time (shared/sla/). */
  readonly clock?: SlaClock;
  readonly outcomes: readonly string[];
  readonly priority: 'normal' | 'high';
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
  readonly adhoc: boolean;
  /** Why the workflow asks for it, shown with the task (a coverage check's reason). */
  readonly note?: string;
  readonly outcome?: string;
  readonly completedBy?: string;
  readonly completedAt?: string;
  /** What the completion carried (opinions, reasons): shown with the task, not in the history. */
  readonly completionData?: Readonly<Record<string, unknown>>;
  /** Never leaves the server: whoever holds it can move the execution. */
  readonly taskToken?: string;
  /** Held by tasks written before the state name sufficed; no longer written, never shown. */
  readonly executionArn?: string;
  /** The waiting state that created it (what a long wait carries on from, and restarts). */
  readonly stateName?: string;
  /** When this wait ends its execution if it still lasts (shared/workflows/long-waits.ts). */
  readonly parkAt?: string;
  /** Set once it did: completing the task (or stopping the case) starts the next execution. */
  readonly parkedAt?: string;
  /** For a parked wait, when its state would have timed out. */
  readonly waitTimeoutAt?: string;
}

/** Work still waiting for a person: not yet handed over, completed or cancelled. */
export const awaitsWork = (task: Pick<TaskRecord, 'status'>) => task.status === 'open' || task.status === 'assigned';

/** A task as an in-basket or case view shows it: without its token, its clock as people read it. */
export type PublicTask = Omit<TaskRecord, 'taskToken' | 'executionArn' | 'clock' | 'parkAt' | 'parkedAt' | 'waitTimeoutAt'> & { readonly slaClock?: ClockView };

export function toPublicTask(task: TaskRecord, at: Date = now()): PublicTask {
  // Whether the execution still waits is the workflow's business: people see the same task either way.
  const { taskToken: _token, executionArn: _e, clock, parkAt: _p, parkedAt: _q, waitTimeoutAt: _w, ...rest } = task;
  return clock ? { ...rest, slaClock: viewClock(clock, at) } : rest;
}
