import { addComment, commentBody } from '#shared/cases/comments.js';
import { apiHandler } from '#shared/http/api-handler.js';
import { caseIdParams } from '#shared/http/path-params.js';

export const handler = apiHandler({
  params: caseIdParams,
  body: commentBody,
  run: async ({ principal, params, body }) => ({ status: 201, body: await addComment(principal, params.caseId, body) }),
});
