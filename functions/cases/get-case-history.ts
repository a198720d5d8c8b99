import { hasRole } from '#shared/auth/principal.js';
import { caseHistory } from '#shared/cases/case-actions.js';
import { recentReads } from '#shared/history/access-log.js';
import { forClaimant } from '#shared/cases/case-view.js';
import { apiHandler } from '#shared/http/api-handler.js';
import { caseIdParams } from '#shared/http/path-params.js';

export const handler = apiHandler({
  params: caseIdParams,
  run: async ({ principal, params }) => {
    const history = await caseHistory(principal, params.caseId);
    if (!hasRole(principal, 'agent', 'expert', 'supervisor', 'ops')) {
      return { status: 200, body: { ...history, entries: history.entries.map(forClaimant) } };
    }
    return { status: 200, body: { ...history, reads: await recentReads(params.caseId) } };
  },
});
