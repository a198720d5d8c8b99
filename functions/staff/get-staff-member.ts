import { apiHandler } from '#shared/http/api-handler.js';
import { getStaffMember, staffParams } from '#shared/staff/staff-service.js';

export const handler = apiHandler({
  params: staffParams,
  run: async ({ principal, params }) => ({ status: 200, body: await getStaffMember(principal, params.userId) }),
});
