import { authorizeCase } from '../auth/permissions.js';
import { isStaff, type Principal } from '../auth/principal.js';
import { checklistOf, type ChecklistLine } from '../documents/checklist.js';
import type { DocumentRecord } from '../documents/document-record.js';
import { documentsOfCase } from '../documents/document-repository.js';
import { now } from '../clock.js';
import type { HistoryEntry } from '../history/chain.js';
import { recordRead } from '../history/access-log.js';
import { actorOf } from './declare-case.js';
import { slaStateOf, type SlaState } from '../tasks/in-basket.js';
import { viewClock, type ClockView } from '../sla/sla-clock.js';
import { toPublicTask } from '../tasks/task-record.js';
import { tasksOfCase } from '../tasks/task-repository.js';
import { recentComments, type Comment } from './comments.js';
import type { CaseRecord } from './case-record.js';
import { getCaseWithPendingHistory, recentHistory, withPendingHistory } from './case-repository.js';

/** The 360° view: everything a person needs about a case in one call. */
export interface CaseView extends Omit<CaseRecord, 'clock'> {
  /** The case's own service level, as people read it. */
  readonly sla?: ClockView;
  readonly documents: readonly Omit<DocumentRecord, 'key' | 'expiresAt'>[];
  readonly checklist: readonly ChecklistLine[];
  readonly tasks: readonly unknown[];
  readonly deadlines: readonly Deadline[];
  readonly comments: readonly Comment[];
  readonly history: readonly HistoryEntry[];
}

/** One clock or timer running on the case: the case's own, an open task's, the wait on the claimant. */
export type Deadline =
  | ({ readonly subject: 'case' } & ClockView)
  | { readonly subject: 'task'; readonly taskId: string; readonly kind: string; readonly assignee?: string; readonly dueAt: string; readonly sla: SlaState; readonly clock?: ClockView }
  | { readonly subject: 'claimant-wait'; readonly since: string; readonly remindersSent: number; readonly missing: readonly string[]; readonly suspended: boolean };

const RECENT_HISTORY = 20;

export async function viewCase(principal: Principal, caseId: string): Promise<CaseView> {
  const found = await getCaseWithPendingHistory(caseId);
  const record = authorizeCase(principal, 'case:read', found?.record);
  const staff = isStaff(principal);
  // Staff reading a case is recorded (who saw which case when); the owner reading theirs is not.
  if (staff) await recordRead(caseId, actorOf(principal), now());
  const [storedHistory, tasks, comments, allDocuments] = await Promise.all([
    recentHistory(caseId, RECENT_HISTORY),
    staff ? tasksOfCase(caseId) : Promise.resolve([]),
    recentComments(caseId, staff),
    documentsOfCase(caseId),
  ]);
  const history = withPendingHistory(storedHistory, found!.pending, 'newest-first').slice(0, RECENT_HISTORY);
  // Upload requests never completed are not documents.
  const documents = allDocuments.filter((d) => d.status !== 'pending');
  const openTasks = tasks.filter((t) => t.status === 'open' || t.status === 'assigned' || t.status === 'completing');
  const at = now();
  const { clock, ...rest } = record;
  const wait = record.claimantWait;
  return {
    ...rest,
    ...(clock && staff ? { sla: viewClock(clock, at) } : {}),
    documents: documents.map(({ key: _key, expiresAt: _expires, ...visible }) => visible),
    checklist: checklistOf(record, documents),
    // Claimants follow their case through its status and history, not staff work items.
    tasks: openTasks.map((t) => ({ ...toPublicTask(t, at), sla: slaStateOf(t, at) })),
    // Staff see every clock; the claimant sees what waits on them.
    deadlines: [
      ...(clock && staff ? [{ subject: 'case' as const, ...viewClock(clock, at) }] : []),
      ...openTasks.map((t) => ({
        subject: 'task' as const,
        taskId: t.taskId,
        kind: t.kind,
        ...(t.assignee ? { assignee: t.assignee } : {}),
        dueAt: t.dueAt,
        sla: slaStateOf(t, at),
        ...(t.clock ? { clock: viewClock(t.clock, at) } : {}),
      })),
      ...(wait ? [{ subject: 'claimant-wait' as const, since: wait.since, remindersSent: wait.remindersSent, missing: wait.missing, suspended: Boolean(wait.suspended) }] : []),
    ],
    comments,
    history: staff ? history : history.map(forClaimant),
  };
}

// Claimants see what happened to their case, not which member of staff did it.
export function forClaimant(entry: HistoryEntry): HistoryEntry {
  return entry.actor.role === 'claimant' || entry.actor.role === 'system'
    ? entry
    : { ...entry, actor: { userId: 'staff', username: 'staff', role: entry.actor.role } };
}
