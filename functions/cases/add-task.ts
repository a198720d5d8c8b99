import { apiHandler } from '#shared/http/api-handler.js';
import { caseIdParams } from '#shared/http/path-params.js';
import { addAdhocTask, adhocTaskBody } from '#shared/tasks/adhoc-task.js';

export const handler = apiHandler({
  params: caseIdParams,
  body: adhocTaskBody,
  run: async ({ principal, params, body }) => ({ status: 201, body: await addAdhocTask(principal, params.caseId, body) }),
});
