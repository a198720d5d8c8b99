import { reviewBody, reviewDocument } from '#shared/documents/document-access.js';
import { apiHandler } from '#shared/http/api-handler.js';
import { documentParams } from '#shared/http/path-params.js';

export const handler = apiHandler({
  params: documentParams,
  body: reviewBody,
  run: async ({ principal, params, body }) => ({ status: 200, body: await reviewDocument(principal, params.caseId, params.documentId, body) }),
});
