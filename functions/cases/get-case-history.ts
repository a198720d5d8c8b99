import { caseHistory } from '#shared/cases/case-actions.js';
import { apiHandler } from '#shared/http/api-handler.js';
import { caseIdParams } from '#shared/http/path-params.js';

export const handler = apiHandler({
  params: caseIdParams,
  run: async ({ principal, params }) => ({ status: 200, body: await caseHistory(principal, params.caseId) }),
});
