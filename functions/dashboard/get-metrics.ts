import { apiHandler } from '#shared/http/api-handler.js';
import { openMetricsFor } from '#shared/dashboard/open-metrics.js';

export const handler = apiHandler({
  run: async ({ principal }) => openMetricsFor(principal),
});
