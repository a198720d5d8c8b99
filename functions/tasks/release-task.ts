import { apiHandler } from '#shared/http/api-handler.js';
import { taskIdParams } from '#shared/http/path-params.js';
import { releaseTask } from '#shared/tasks/task-actions.js';

export const handler = apiHandler({
  params: taskIdParams,
  run: async ({ principal, params }) => ({ status: 200, body: await releaseTask(principal, params.taskId) }),
});
