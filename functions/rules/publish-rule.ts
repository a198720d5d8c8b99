import { apiHandler } from '#shared/http/api-handler.js';
import { ruleIdParams } from '#shared/http/path-params.js';
import { publishBody, publishRule } from '#shared/rules/rules-service.js';

export const handler = apiHandler({
  params: ruleIdParams,
  body: publishBody,
  run: async ({ principal, params, body }) => ({ status: 201, body: await publishRule(principal, params.ruleId, body) }),
});
