import * as z from 'zod';
import { apiHandler } from '#shared/http/api-handler.js';
import { ruleIdParams } from '#shared/http/path-params.js';
import { getRule } from '#shared/rules/rules-service.js';

export const handler = apiHandler({
  params: ruleIdParams,
  query: z.strictObject({ version: z.coerce.number().int().min(1).optional() }),
  run: async ({ principal, params, query }) => ({ status: 200, body: await getRule(principal, params.ruleId, query.version) }),
});
