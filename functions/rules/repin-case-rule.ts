import { apiHandler } from '#shared/http/api-handler.js';
import { caseRuleParams } from '#shared/http/path-params.js';
import { logger } from '#shared/observability/logger.js';
import { repinBody, repinCaseRule } from '#shared/rules/rules-service.js';

export const handler = apiHandler({
  params: caseRuleParams,
  body: repinBody,
  run: async ({ principal, params, body }) => {
    logger.appendKeys({ caseId: params.caseId });
    const record = await repinCaseRule(principal, params.caseId, params.ruleId, body);
    return { status: 200, headers: { etag: `"${record.version}"` }, body: record };
  },
});
