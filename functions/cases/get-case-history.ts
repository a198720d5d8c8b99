import { hasRole } from '#shared/auth/principal.js';
import { caseHistory } from '#shared/cases/case-actions.js';
import { forClaimant } from '#shared/cases/case-view.js';
import { apiHandler } from '#shared/http/api-handler.js';
import { caseIdParams } from '#shared/http/path-params.js';

export const handler = apiHandler({
  params: caseIdParams,
  run: async ({ principal, params }) => {
    const history = await caseHistory(principal, params.caseId);
    const staff = hasRole(principal, 'agent', 'expert', 'supervisor', 'ops');
    return { status: 200, body: { ...history, entries: staff ? history.entries : history.entries.map(forClaimant) } };
  },
});
