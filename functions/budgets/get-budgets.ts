import { apiHandler } from '#shared/http/api-handler.js';
import { budgetQuery, budgetReport } from '#shared/payments/budget-report.js';

export const handler = apiHandler({
  query: budgetQuery,
  run: async ({ principal, query }) => ({ status: 200, body: await budgetReport(principal, query) }),
});
