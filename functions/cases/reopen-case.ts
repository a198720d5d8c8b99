import { reopenCase, stopCaseBody } from '#shared/cases/case-actions.js';
import { apiHandler } from '#shared/http/api-handler.js';
import { caseIdParams } from '#shared/http/path-params.js';

export const handler = apiHandler({
  params: caseIdParams,
  body: stopCaseBody,
  run: async ({ principal, params, body }) => ({ status: 202, body: await reopenCase(principal, params.caseId, body.reason) }),
});
