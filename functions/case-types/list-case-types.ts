import { authorize } from '#shared/auth/permissions.js';
import { allCaseTypes } from '#shared/case-types/index.js';
import { publicCaseType } from '#shared/case-types/public-view.js';
import { apiHandler } from '#shared/http/api-handler.js';

// Computed once per execution environment: the case types are part of the deployed code.
const body = allCaseTypes().map(publicCaseType);

export const handler = apiHandler({
  run: async ({ principal }) => {
    authorize(principal, 'case-types:list');
    return { status: 200, body };
  },
});
