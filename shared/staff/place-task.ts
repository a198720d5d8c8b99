import type { CaseRecord } from '../cases/case-record.js';
import { SYSTEM_ACTOR } from '../cases/case-record.js';
import { publishDomainEvent } from '../events/publish.js';
import type { TaskRecord } from '../tasks/task-record.js';
import { chooseAssignee, placementOf } from './assigner.js';

// A supervisor reads why nobody could take a task; with hundreds of staff the first few reasons say it.
const REASONS_KEPT = 10;

export interface PlacedTask {
  readonly task: TaskRecord;
  /** For the task.created history entry: the policy's decision and where the task went. */
  readonly details: Record<string, unknown>;
  /** Publishes what the placement tells others (TaskAssigned, or TaskUnassignable for the supervisors), after the write. */
  readonly announce: () => Promise<void>;
}

/**
 * Places a new task by the assignment policy: keeps on it what its assignee needs (language,
 * region, authority), and, when the policy pushes it, hands it to the eligible person with the
 * lowest load in the same write that creates it. With nobody eligible it stays in its queue and
 * the supervisors are alerted.
 */
export async function placeTask(record: CaseRecord, task: TaskRecord, at: Date): Promise<PlacedTask> {
  const placement = await placementOf(record, task, at);
  const needs = Object.keys(placement.needs).length ? { needs: placement.needs } : {};
  const nothing = async () => {};
  if (placement.mode === 'pull') {
    return {
      task: { ...task, ...needs },
      details: placement.decision ? { assignment: { mode: 'pull', ...placement.decision, ...needs } } : {},
      announce: nothing,
    };
  }
  const choice = await chooseAssignee({ queue: task.queue, caseType: task.caseType, ...placement.needs }, at);
  const assignment = { mode: 'push', ...placement.decision, ...needs };
  if (!choice.assignee) {
    const reasons = choice.passedOver.slice(0, REASONS_KEPT);
    return {
      task: { ...task, ...needs },
      details: { assignment: { ...assignment, assignedTo: null, passedOver: reasons } },
      announce: () => publishDomainEvent('TaskUnassignable', { caseId: task.caseId, taskId: task.taskId, kind: task.kind, queue: task.queue, reasons }),
    };
  }
  const assignee = choice.assignee;
  return {
    task: { ...task, ...needs, status: 'assigned', assignee, assignedAt: at.toISOString() },
    details: { assignment: { ...assignment, assignedTo: assignee } },
    announce: () => publishDomainEvent('TaskAssigned', { caseId: task.caseId, taskId: task.taskId, kind: task.kind, assignee, by: SYSTEM_ACTOR.username }),
  };
}
