import { apiHandler } from '#shared/http/api-handler.js';
import { memberSearchQuery, searchMembers } from '#shared/members/search-members.js';

export const handler = apiHandler({
  query: memberSearchQuery,
  run: async ({ principal, query }) => ({ status: 200, body: await searchMembers(principal, query) }),
});
