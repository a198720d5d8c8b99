import { patchCaseBody, patchCaseData } from '#shared/cases/case-actions.js';
import { badRequest } from '#shared/errors.js';
import { apiHandler } from '#shared/http/api-handler.js';
import { caseIdParams } from '#shared/http/path-params.js';

// The version to update from comes as If-Match (an ETag of the form "<version>") or in the body.
export const handler = apiHandler({
  params: caseIdParams,
  body: patchCaseBody,
  run: async ({ principal, params, body, headers }) => {
    const ifMatch = headers['if-match']?.replace(/^W\//, '').replace(/"/g, '');
    if (ifMatch !== undefined && !/^\d+$/.test(ifMatch)) {
      throw badRequest('Invalid header: If-Match', [{ field: 'If-Match', message: 'must be the case version' }]);
    }
    const expected = ifMatch !== undefined ? Number(ifMatch) : body.version;
    const record = await patchCaseData(principal, params.caseId, body.data, expected);
    return { status: 200, headers: { etag: `"${record.version}"` }, body: record };
  },
});
