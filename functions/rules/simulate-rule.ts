import { apiHandler } from '#shared/http/api-handler.js';
import { ruleIdParams } from '#shared/http/path-params.js';
import { simulateBody, simulateRule } from '#shared/rules/rules-service.js';

export const handler = apiHandler({
  params: ruleIdParams,
  body: simulateBody,
  run: async ({ principal, params, body }) => ({ status: 200, body: await simulateRule(principal, params.ruleId, body) }),
});
