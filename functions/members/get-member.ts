import { apiHandler } from '#shared/http/api-handler.js';
import { memberParams, viewPerson } from '#shared/members/person-view.js';

export const handler = apiHandler({
  params: memberParams,
  run: async ({ principal, params }) => ({ status: 200, body: await viewPerson(principal, params.memberId) }),
});
