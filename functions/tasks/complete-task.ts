import { apiHandler } from '#shared/http/api-handler.js';
import { taskIdParams } from '#shared/http/path-params.js';
import { logger } from '#shared/observability/logger.js';
import { completeTask, completeTaskBody } from '#shared/tasks/task-actions.js';

export const handler = apiHandler({
  params: taskIdParams,
  body: completeTaskBody,
  run: async ({ principal, params, body }) => {
    const task = await completeTask(principal, params.taskId, body);
    logger.appendKeys({ caseId: task.caseId });
    logger.info('task completed', { taskId: task.taskId, outcome: task.outcome });
    return { status: 200, body: task };
  },
});
