import { apiHandler } from '#shared/http/api-handler.js';
import { importMembers, importMembersBody } from '#shared/members/import-members.js';

export const handler = apiHandler({
  body: importMembersBody,
  run: async ({ principal, body }) => ({ status: 200, body: await importMembers(principal, body) }),
});
