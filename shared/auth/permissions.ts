import type { CaseRecord } from '../cases/case-record.js';
import type { TaskRecord } from '../tasks/task-record.js';
import { forbidden, notFound } from '../errors.js';
import { hasRole, type Principal, type Role } from './principal.js';

// The permission model, in one place: which roles may do what, and what relation to the case
// they need. Handlers never test roles themselves; they name an action and let this decide.
export type Action =
  | 'case-types:list'
  | 'case:declare'
  | 'case:list'
  | 'case:read'
  | 'case:edit'
  | 'case:comment'
  | 'case:withdraw'
  | 'case:cancel'
  | 'case:reopen'
  | 'document:upload'
  | 'document:read'
  | 'document:review'
  | 'task:list'
  | 'task:list-colleague'
  | 'task:claim'
  | 'task:complete'
  | 'task:release'
  | 'task:reassign'
  | 'task:add'
  | 'rules:read'
  | 'rules:edit'
  | 'rules:publish'
  | 'rules:simulate'
  | 'case:repin-rules'
  | 'notification:list'
  | 'notification:read'
  | 'budget:read'
  | 'dashboard:read'
  | 'metrics:read'
  | 'staff:read'
  | 'staff:edit'
  | 'workload:read'
  | 'members:search'
  | 'members:read'
  | 'members:import';

interface Rule {
  readonly roles: readonly Role[];
  /** Roles that only reach a case they own (the claimant); everyone else in `roles` reaches any case. */
  readonly ownerOnly?: readonly Role[];
}

export const PERMISSIONS: Readonly<Record<Action, Rule>> = {
  'case-types:list': { roles: ['claimant', 'agent', 'expert', 'supervisor', 'ops'] },
  'case:declare': { roles: ['claimant', 'agent'] },
  'case:list': { roles: ['claimant', 'agent', 'expert', 'supervisor', 'ops'], ownerOnly: ['claimant'] },
  'case:read': { roles: ['claimant', 'agent', 'expert', 'supervisor', 'ops'], ownerOnly: ['claimant'] },
  'case:edit': { roles: ['agent', 'supervisor'] },
  'case:comment': { roles: ['claimant', 'agent', 'expert', 'supervisor'], ownerOnly: ['claimant'] },
  'case:withdraw': { roles: ['claimant'], ownerOnly: ['claimant'] },
  'case:cancel': { roles: ['supervisor'] },
  'case:reopen': { roles: ['supervisor'] },
  // Experts file their reports (expert-reports) on the cases they assess.
  'document:upload': { roles: ['claimant', 'agent', 'expert'], ownerOnly: ['claimant'] },
  // ops sees figures, never document content.
  'document:read': { roles: ['claimant', 'agent', 'expert', 'supervisor'], ownerOnly: ['claimant'] },
  'document:review': { roles: ['agent', 'supervisor'] },
  'task:list': { roles: ['agent', 'expert', 'supervisor'] },
  'task:list-colleague': { roles: ['supervisor'] },
  // Claiming also needs the task's queue to be one of the caller's roles (see authorizeTask).
  'task:claim': { roles: ['agent', 'expert', 'supervisor'] },
  // Completing and releasing need the caller to be the assignee; a supervisor may release anyone's.
  'task:complete': { roles: ['agent', 'expert', 'supervisor'] },
  'task:release': { roles: ['agent', 'expert', 'supervisor'] },
  'task:reassign': { roles: ['supervisor'] },
  'task:add': { roles: ['agent', 'supervisor'] },
  // The business manages its rules: supervisors, and ops who publish them.
  'rules:read': { roles: ['supervisor', 'ops'] },
  'rules:edit': { roles: ['supervisor', 'ops'] },
  'rules:publish': { roles: ['supervisor', 'ops'] },
  'rules:simulate': { roles: ['supervisor', 'ops'] },
  'case:repin-rules': { roles: ['supervisor'] },
  // Everyone has an in-portal list; each reaches only their own (the query is keyed by the caller).
  'notification:list': { roles: ['claimant', 'agent', 'expert', 'supervisor', 'ops'] },
  'notification:read': { roles: ['claimant', 'agent', 'expert', 'supervisor', 'ops'] },
  // Budget control: consumption of the fund's envelopes, figures only.
  'budget:read': { roles: ['supervisor', 'ops'] },
  // Figures only, never a case: those who steer the work, and ops who run the system.
  'dashboard:read': { roles: ['supervisor', 'ops'] },
  // The scrape endpoint for Prometheus or Grafana: ops.
  'metrics:read': { roles: ['ops'] },
  // Who can do what and who is away: supervisors steer the work and keep the directory; ops read it.
  'staff:read': { roles: ['supervisor', 'ops'] },
  'staff:edit': { roles: ['supervisor'] },
  'workload:read': { roles: ['supervisor'] },
  // The registry: staff who handle people's claims find and open a member; a claimant opens their
  // own record only (the member number of their token). Ops load the registry's files, and agents
  // the files a member hands in; neither the report nor ops' role shows anyone's data.
  'members:search': { roles: ['agent', 'expert', 'supervisor'] },
  'members:read': { roles: ['claimant', 'agent', 'expert', 'supervisor'], ownerOnly: ['claimant'] },
  'members:import': { roles: ['agent', 'supervisor', 'ops'] },
};

/** Throws 403 unless one of the caller's roles may perform the action at all. */
export function authorize(principal: Principal, action: Action): void {
  if (!hasRole(principal, ...PERMISSIONS[action].roles)) throw forbidden();
}

/** True when the caller reaches cases only as their owner (the listing is then limited to theirs). */
export function limitedToOwnCases(principal: Principal, action: Action): boolean {
  const rule = PERMISSIONS[action];
  const unrestricted = rule.roles.filter((r) => !rule.ownerOnly?.includes(r));
  return !hasRole(principal, ...unrestricted);
}

/**
 * Checks an action on one case. A role that may never do this gets 403 whatever the id, so the
 * answer says nothing about which cases exist; a case that does not exist and a case the caller
 * may not know about get the same 404.
 */
export function authorizeCase(principal: Principal, action: Action, record: CaseRecord | undefined): CaseRecord {
  authorize(principal, action);
  if (!record) throw notFound('Case');
  if (limitedToOwnCases(principal, action) && record.ownerId !== principal.userId) throw notFound('Case');
  return record;
}

/**
 * Checks an action on one task. As for cases, a role that may never do this gets 403 whatever
 * the id; then an unknown task is 404; then the caller's relation to the task: their role's
 * queue to claim it, being its assignee to complete or release it (a supervisor may release
 * anyone's).
 */
export function authorizeTask(principal: Principal, action: Action, task: TaskRecord | undefined): TaskRecord {
  authorize(principal, action);
  if (!task) throw notFound('Task');
  const isAssignee = task.assignee === principal.username;
  switch (action) {
    case 'task:claim':
      if (!hasRole(principal, task.queue as Role) && !hasRole(principal, 'supervisor')) {
        throw forbidden(`Only the ${task.queue} queue may claim this task`);
      }
      break;
    case 'task:complete':
      if (!isAssignee) throw forbidden('Only the person the task is assigned to may complete it');
      break;
    case 'task:release':
      if (!isAssignee && !hasRole(principal, 'supervisor')) throw forbidden('Only the assignee or a supervisor may release this task');
      break;
    default:
      break;
  }
  return task;
}
