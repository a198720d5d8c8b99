import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../aws/clients.js';
import type { LinkedWrite } from '../cases/case-repository.js';
import type { CaseRecord } from '../cases/case-record.js';
import { config } from '../config.js';
import { TASK_SK, taskPk } from '../tasks/task-keys.js';
import type { TaskRecord } from '../tasks/task-record.js';
import { kpiDelta } from './kpi-counters.js';
import { kpiWrites } from './kpi-store.js';

/** The tasks a transaction writes whole (taskUpdateWrite, newTaskWrite): the new state of each. */
function taskPuts(linkedWrites: readonly LinkedWrite[]): TaskRecord[] {
  return linkedWrites
    .map((w) => w.Put?.Item as Record<string, unknown> | undefined)
    .filter((item): item is Record<string, unknown> => item?.entity === 'task')
    .map((item) => item as unknown as TaskRecord);
}

/**
 * The counter updates for a change of a case and of the tasks it writes. Each task's state before
 * is read here; the task's own write is conditioned on the version read by its caller, so if the
 * task moved since, the whole transaction (counters included) is refused and nothing drifts.
 */
export async function kpiWritesForChange(
  caseBefore: CaseRecord | undefined,
  caseAfter: CaseRecord,
  linkedWrites: readonly LinkedWrite[],
  at: string,
): Promise<LinkedWrite[]> {
  const tasks = await Promise.all(
    taskPuts(linkedWrites).map(async (after) => {
      const { Item } = await dynamo().send(
        new GetCommand({ TableName: config().TABLE_NAME, Key: { pk: taskPk(after.taskId), sk: TASK_SK }, ConsistentRead: true }),
      );
      return { before: Item as TaskRecord | undefined, after };
    }),
  );
  return kpiWrites(kpiDelta({ caseBefore, caseAfter, tasks, at }));
}
