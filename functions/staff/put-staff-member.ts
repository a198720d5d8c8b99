import { apiHandler } from '#shared/http/api-handler.js';
import { staffProfileBody } from '#shared/staff/staff-profile.js';
import { putStaffMember, staffParams } from '#shared/staff/staff-service.js';

export const handler = apiHandler({
  params: staffParams,
  body: staffProfileBody,
  run: async ({ principal, params, body }) => ({ status: 200, body: await putStaffMember(principal, params.userId, body) }),
});
