import { apiHandler } from '#shared/http/api-handler.js';
import { listStaff } from '#shared/staff/staff-service.js';

export const handler = apiHandler({
  run: async ({ principal }) => ({ status: 200, body: { staff: await listStaff(principal) } }),
});
