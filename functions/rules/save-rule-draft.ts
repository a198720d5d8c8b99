import { apiHandler } from '#shared/http/api-handler.js';
import { ruleIdParams } from '#shared/http/path-params.js';
import { saveDraftBody, saveRuleDraft } from '#shared/rules/rules-service.js';

export const handler = apiHandler({
  params: ruleIdParams,
  body: saveDraftBody,
  run: async ({ principal, params, body }) => ({ status: 200, body: await saveRuleDraft(principal, params.ruleId, body) }),
});
