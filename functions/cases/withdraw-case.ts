import { stopCase, stopCaseBody } from '#shared/cases/case-actions.js';
import { apiHandler } from '#shared/http/api-handler.js';
import { caseIdParams } from '#shared/http/path-params.js';

// 202: the case is flagged at once; the lifecycle closes it a moment later.
export const handler = apiHandler({
  params: caseIdParams,
  body: stopCaseBody,
  run: async ({ principal, params, body }) => ({
    status: 202,
    body: await stopCase(principal, params.caseId, 'withdrawn', body.reason),
  }),
});
