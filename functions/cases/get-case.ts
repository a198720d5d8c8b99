import { viewCase } from '#shared/cases/case-view.js';
import { apiHandler } from '#shared/http/api-handler.js';
import { caseIdParams } from '#shared/http/path-params.js';
import { logger } from '#shared/observability/logger.js';

export const handler = apiHandler({
  params: caseIdParams,
  run: async ({ principal, params }) => {
    logger.appendKeys({ caseId: params.caseId });
    return { status: 200, body: await viewCase(principal, params.caseId) };
  },
});
