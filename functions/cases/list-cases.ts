import { caseListQuery, listCases } from '#shared/cases/list-cases.js';
import { apiHandler } from '#shared/http/api-handler.js';

export const handler = apiHandler({
  query: caseListQuery,
  run: async ({ principal, query }) => ({ status: 200, body: await listCases(principal, query) }),
});
