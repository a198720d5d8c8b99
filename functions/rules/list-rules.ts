import { apiHandler } from '#shared/http/api-handler.js';
import { listRules } from '#shared/rules/rules-service.js';

export const handler = apiHandler({
  run: async ({ principal }) => ({ status: 200, body: await listRules(principal) }),
});
