import { authorize } from '#shared/auth/permissions.js';
import { apiHandler } from '#shared/http/api-handler.js';
import { bulkReassignBody, reassignTasks } from '#shared/tasks/task-actions.js';

// Bulk reassignment answers 200 with one result per task (each with its own status), so that
// a supervisor sees exactly which tasks moved and why the others did not.
export const handler = apiHandler({
  body: bulkReassignBody,
  run: async ({ principal, body }) => {
    authorize(principal, 'task:reassign');
    return { status: 200, body: { results: await reassignTasks(principal, body.taskIds, body.to) } };
  },
});
