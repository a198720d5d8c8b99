import { viewDocument } from '#shared/documents/document-access.js';
import { apiHandler } from '#shared/http/api-handler.js';
import { documentParams } from '#shared/http/path-params.js';

export const handler = apiHandler({
  params: documentParams,
  run: async ({ principal, params }) => ({ status: 200, body: await viewDocument(principal, params.caseId, params.documentId) }),
});
