import { requestUpload, uploadRequestBody } from '#shared/documents/upload-request.js';
import { apiHandler } from '#shared/http/api-handler.js';
import { caseIdParams } from '#shared/http/path-params.js';

export const handler = apiHandler({
  params: caseIdParams,
  body: uploadRequestBody,
  run: async ({ principal, params, body }) => ({ status: 201, body: await requestUpload(principal, params.caseId, body) }),
});
