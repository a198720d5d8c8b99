import { apiHandler } from '#shared/http/api-handler.js';
import { taskIdParams } from '#shared/http/path-params.js';
import { reassignBody, reassignTask } from '#shared/tasks/task-actions.js';

export const handler = apiHandler({
  params: taskIdParams,
  body: reassignBody,
  run: async ({ principal, params, body }) => ({ status: 200, body: await reassignTask(principal, params.taskId, body.to) }),
});
