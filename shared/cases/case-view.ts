import { authorizeCase } from '../auth/permissions.js';
import { isStaff, type Principal } from '../auth/principal.js';
import { checklistOf, type ChecklistLine } from '../documents/checklist.js';
import type { DocumentRecord } from '../documents/document-record.js';
import { documentsOfCase } from '../documents/document-repository.js';
import { now } from '../clock.js';
import type { HistoryEntry } from '../history/chain.js';
import { recordRead } from '../history/access-log.js';
import { actorOf } from './declare-case.js';
import { slaStateOf } from '../tasks/in-basket.js';
import { toPublicTask } from '../tasks/task-record.js';
import { tasksOfCase } from '../tasks/task-repository.js';
import { recentComments, type Comment } from './comments.js';
import type { CaseRecord } from './case-record.js';
import { getCase, recentHistory } from './case-repository.js';

/** The 360° view: everything a person needs about a case in one call. */
export interface CaseView extends CaseRecord {
  readonly documents: readonly Omit<DocumentRecord, 'key' | 'expiresAt'>[];
  readonly checklist: readonly ChecklistLine[];
  readonly tasks: readonly unknown[];
  readonly deadlines: readonly unknown[];
  readonly comments: readonly Comment[];
  readonly history: readonly HistoryEntry[];
}

const RECENT_HISTORY = 20;

export async function viewCase(principal: Principal, caseId: string): Promise<CaseView> {
  const record = authorizeCase(principal, 'case:read', await getCase(caseId));
  const staff = isStaff(principal);
  // Staff reading a case is recorded (who saw which case when); the owner reading theirs is not.
  if (staff) await recordRead(caseId, actorOf(principal), now());
  const [history, tasks, comments, allDocuments] = await Promise.all([
    recentHistory(caseId, RECENT_HISTORY),
    staff ? tasksOfCase(caseId) : Promise.resolve([]),
    recentComments(caseId, staff),
    documentsOfCase(caseId),
  ]);
  // Upload requests never completed are not documents.
  const documents = allDocuments.filter((d) => d.status !== 'pending');
  const openTasks = tasks.filter((t) => t.status === 'open' || t.status === 'assigned' || t.status === 'completing');
  return {
    ...record,
    documents: documents.map(({ key: _key, expiresAt: _expires, ...visible }) => visible),
    checklist: checklistOf(record, documents),
    // Claimants follow their case through its status and history, not staff work items.
    tasks: openTasks.map((t) => ({ ...toPublicTask(t), sla: slaStateOf(t) })),
    deadlines: openTasks.map((t) => ({ taskId: t.taskId, kind: t.kind, dueAt: t.dueAt, sla: slaStateOf(t) })),
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
