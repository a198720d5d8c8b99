import { apiHandler } from '#shared/http/api-handler.js';
import { dashboardFor } from '#shared/dashboard/dashboard.js';

export const handler = apiHandler({
  run: async ({ principal }) => ({ status: 200, body: await dashboardFor(principal) }),
});
