// The one list of what runs where. The CDK app builds a Lambda, its permissions and its triggers
// from each entry; the local runtime wires the very same handlers to its gateway, state machine
// runner and event bus. A function or route missing here exists nowhere.

/** What a function may touch; infra turns each grant into least-privilege IAM statements. */
export type Grant =
  | 'table:read'
  | 'table:write'
  | 'documents:read'
  | 'documents:write'
  | 'workflows:start'
  | 'workflows:callback'
  | 'events:put'
  | 'directory:read'
  | 'archive:write'
  | 'archive:read'
  | 'email:send'
  | 'identity:read-mfa'
  | 'case-starts:send'
  /** The start queue's and its dead-letter queue's counts, and their CloudWatch metrics. */
  | 'case-starts:read'
  | 'exports:write'
  /** The key of the warehouse's member keys (a generated secret). */
  | 'pseudonym:read';

export interface FunctionSpec {
  /** kebab-case; state machines refer to it as ${PascalCaseIdFunctionArn}. */
  readonly id: string;
  /** Path from the repository root to the module exporting `handler`. */
  readonly entry: string;
  readonly description: string;
  readonly grants: readonly Grant[];
  readonly memoryMb?: number;
  readonly timeoutSeconds?: number;
  /** What invokes it besides HTTP routes and state machines. */
  readonly trigger?: 'documents-object-created' | 'daily' | 'every-few-minutes' | 'cognito-pre-token-generation' | 'case-start-queue' | 'table-stream';
  /**
   * Domain events (detail-types of source `dossier.cases`) it consumes: a rule on the case bus
   * hands them to it, with retries and a dead-letter queue in AWS, and the local bus does the same.
   */
  readonly events?: readonly string[];
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteSpec {
  readonly method: HttpMethod;
  /** API Gateway path syntax: /api/cases/{caseId} */
  readonly path: string;
  readonly functionId: string;
  /** 'public' routes skip the JWT authorizer; every other route needs a valid token. */
  readonly auth: 'public' | 'jwt';
}

export interface StateMachineSpec {
  /** Also the file name: statemachines/<id>.asl.json */
  readonly id: string;
  readonly file: string;
}

export const functions: readonly FunctionSpec[] = [
  {
    id: 'health',
    entry: 'functions/health/get-health.ts',
    description: 'Reports whether every dependency answers',
    grants: ['table:read', 'documents:read'],
  },
  {
    id: 'openapi',
    entry: 'functions/openapi/get-openapi.ts',
    description: 'Serves the OpenAPI document generated from the zod schemas',
    grants: [],
  },
  {
    id: 'list-case-types',
    entry: 'functions/case-types/list-case-types.ts',
    description: 'Lists case types with their data schema and document checklist',
    grants: [],
  },
  {
    id: 'declare-case',
    entry: 'functions/cases/declare-case.ts',
    description: 'Stores a case as received in one write (idempotent) and enqueues the start of its lifecycle',
    grants: ['table:read', 'table:write', 'case-starts:send'],
  },
  {
    id: 'list-cases',
    entry: 'functions/cases/list-cases.ts',
    description: 'Lists the cases the caller may see, with filters and cursor paging',
    grants: ['table:read'],
  },
  {
    id: 'get-case',
    entry: 'functions/cases/get-case.ts',
    description: 'The 360-degree view of one case',
    grants: ['table:read'],
  },
  {
    id: 'get-case-history',
    entry: 'functions/cases/get-case-history.ts',
    description: 'The full history of a case, with its hash chain verified',
    grants: ['table:read'],
  },
  {
    id: 'patch-case',
    entry: 'functions/cases/patch-case.ts',
    description: 'Changes case data under optimistic concurrency',
    grants: ['table:read', 'table:write'],
  },
  {
    id: 'add-comment',
    entry: 'functions/cases/add-comment.ts',
    description: 'Adds a comment to a case',
    grants: ['table:read', 'table:write'],
  },
  {
    id: 'add-task',
    entry: 'functions/cases/add-task.ts',
    description: 'Adds an ad-hoc task to a running case',
    grants: ['table:read', 'table:write', 'directory:read', 'events:put'],
  },
  {
    id: 'withdraw-case',
    entry: 'functions/cases/withdraw-case.ts',
    description: 'The claimant withdraws their case',
    grants: ['table:read', 'table:write', 'workflows:callback'],
  },
  {
    id: 'cancel-case',
    entry: 'functions/cases/cancel-case.ts',
    description: 'A supervisor cancels a case',
    grants: ['table:read', 'table:write', 'workflows:callback'],
  },
  {
    id: 'reopen-case',
    entry: 'functions/cases/reopen-case.ts',
    description: 'A supervisor re-opens a closed case',
    grants: ['table:read', 'table:write', 'workflows:start'],
  },
  {
    id: 'request-upload',
    entry: 'functions/documents/request-upload.ts',
    description: 'Issues a presigned POST for one document of a case',
    grants: ['table:read', 'table:write', 'documents:write'],
  },
  {
    id: 'get-document',
    entry: 'functions/documents/get-document.ts',
    description: 'One document, its versions and a short-lived download link (recorded)',
    grants: ['table:read', 'table:write', 'documents:read'],
  },
  {
    id: 'review-document',
    entry: 'functions/documents/review-document.ts',
    description: 'Accepts or rejects a received document',
    grants: ['table:read', 'table:write', 'events:put', 'workflows:callback'],
  },
  {
    id: 'document-arrived',
    entry: 'functions/documents/document-arrived.ts',
    description: 'Checks an uploaded file (real type, size, SHA-256) and records it, or quarantines it',
    grants: ['table:read', 'table:write', 'documents:read', 'documents:write', 'events:put'],
    memoryMb: 1024,
    timeoutSeconds: 120,
    trigger: 'documents-object-created',
  },
  {
    id: 'archive-case',
    entry: 'functions/documents/archive-case.ts',
    description: "Writes a closed case's documents and manifest to the Object-Locked archive as one tar, recorded in its history",
    grants: ['table:read', 'table:write', 'documents:read', 'archive:write'],
    events: ['CaseClosed'],
    timeoutSeconds: 300,
  },
  {
    id: 'documents-changed',
    entry: 'functions/documents/documents-changed.ts',
    description: 'After a document is received: a complete collection moves its case on, the wait on the claimant starts or ends',
    grants: ['table:read', 'table:write', 'events:put', 'workflows:callback'],
    events: ['DocumentReceived'],
  },
  {
    id: 'list-tasks',
    entry: 'functions/tasks/list-tasks.ts',
    description: 'In-baskets: mine, my queue, a colleague',
    grants: ['table:read'],
  },
  {
    id: 'claim-task',
    entry: 'functions/tasks/claim-task.ts',
    description: 'Assigns a queued task to the caller',
    grants: ['table:read', 'table:write', 'events:put'],
  },
  {
    id: 'release-task',
    entry: 'functions/tasks/release-task.ts',
    description: 'Puts a task back in its queue',
    grants: ['table:read', 'table:write'],
  },
  {
    id: 'complete-task',
    entry: 'functions/tasks/complete-task.ts',
    description: 'Completes a task; its outcome moves the case lifecycle on',
    grants: ['table:read', 'table:write', 'workflows:callback', 'events:put'],
  },
  {
    id: 'reassign-task',
    entry: 'functions/tasks/reassign-task.ts',
    description: 'A supervisor hands a task to someone else',
    grants: ['table:read', 'table:write', 'directory:read', 'events:put'],
  },
  {
    id: 'reassign-tasks',
    entry: 'functions/tasks/reassign-tasks.ts',
    description: 'A supervisor hands many tasks to someone else',
    grants: ['table:read', 'table:write', 'directory:read', 'events:put'],
  },
  {
    id: 'digest-chain-heads',
    entry: 'functions/audit/digest-chain-heads.ts',
    description: "Writes the day's digest of every case's history head to the Object-Locked archive",
    grants: ['table:read', 'archive:read', 'archive:write'],
    timeoutSeconds: 900,
    memoryMb: 1024,
    trigger: 'daily',
  },
  {
    id: 'check-deadlines',
    entry: 'functions/deadlines/check-deadlines.ts',
    description: 'Takes what fell due: SLA thresholds crossed, claimant reminders, waits that ran out',
    grants: ['table:read', 'table:write', 'events:put', 'workflows:callback'],
    timeoutSeconds: 240,
    trigger: 'every-few-minutes',
  },
  {
    id: 'pre-token-generation',
    entry: 'functions/auth/pre-token-generation.ts',
    description: 'Cognito trigger: staff groups reach a token only when the person signs in with MFA',
    grants: ['identity:read-mfa'],
    timeoutSeconds: 5,
    trigger: 'cognito-pre-token-generation',
  },
  {
    id: 'create-task',
    entry: 'functions/workflow/create-task.ts',
    description: 'Puts a human task in its queue with the task token of the waiting state',
    grants: ['table:read', 'table:write', 'workflows:callback', 'events:put', 'directory:read'],
  },
  {
    id: 'conclude-case',
    entry: 'functions/workflow/conclude-case.ts',
    description: 'Records and announces the decision, notifies the claimant, closes and announces the case, archives it',
    grants: ['table:read', 'table:write', 'events:put'],
    timeoutSeconds: 300,
  },
  {
    id: 'notify',
    entry: 'functions/notifications/notify.ts',
    description: "Turns domain events into notifications, in the recipient's language, each sent once",
    grants: ['table:read', 'table:write', 'directory:read', 'email:send'],
    events: ['DeadlineApproaching', 'DeadlineBreached', 'DocumentsReminderDue', 'CaseDecided', 'CaseClosed', 'TaskUnassignable'],
  },
  {
    id: 'list-notifications',
    entry: 'functions/notifications/list-notifications.ts',
    description: "The caller's own in-portal notifications, newest first",
    grants: ['table:read'],
  },
  {
    id: 'mark-notification-read',
    entry: 'functions/notifications/mark-notification-read.ts',
    description: "Marks one of the caller's notifications read",
    grants: ['table:read', 'table:write'],
  },
  {
    id: 'list-rules',
    entry: 'functions/rules/list-rules.ts',
    description: 'Lists the decision tables with their versions and drafts',
    // Writes only once: the first read installs the repository's tables as version 1.
    grants: ['table:read', 'table:write'],
  },
  {
    id: 'get-rule',
    entry: 'functions/rules/get-rule.ts',
    description: 'One decision table: a version (the one in force by default), its versions and its draft',
    grants: ['table:read', 'table:write'],
  },
  {
    id: 'save-rule-draft',
    entry: 'functions/rules/save-rule-draft.ts',
    description: 'Saves a draft of a decision table after validating it',
    grants: ['table:read', 'table:write'],
  },
  {
    id: 'publish-rule',
    entry: 'functions/rules/publish-rule.ts',
    description: 'Publishes the reviewed draft as the next immutable version',
    grants: ['table:read', 'table:write'],
  },
  {
    id: 'simulate-rule',
    entry: 'functions/rules/simulate-rule.ts',
    description: 'Replays a draft over past decisions and reports what would change',
    grants: ['table:read', 'table:write'],
    memoryMb: 1024,
    timeoutSeconds: 29,
  },
  {
    id: 'repin-case-rule',
    entry: 'functions/rules/repin-case-rule.ts',
    description: 'Moves an open case to another version of a decision table',
    grants: ['table:read', 'table:write'],
  },
  {
    id: 'start-cases',
    entry: 'functions/workflow/start-cases.ts',
    description: 'The starter: starts the lifecycle of each case taken from the start queue, once',
    grants: ['table:read', 'workflows:start'],
    trigger: 'case-start-queue',
  },
  {
    id: 'sweep-unstarted-cases',
    entry: 'functions/workflow/sweep-unstarted-cases.ts',
    description: 'Enqueues again the start of cases stored but never enqueued, once the start queue is idle',
    grants: ['table:read', 'case-starts:send'],
    trigger: 'every-few-minutes',
  },
  {
    id: 'automatic-steps',
    entry: 'functions/workflow/automatic-steps.ts',
    description: 'Runs the automatic steps that follow one another (register, assess, decide, pay, conclude) in one state',
    grants: ['table:read', 'table:write', 'events:put'],
    timeoutSeconds: 300,
  },
  {
    id: 'take-decision',
    entry: 'functions/workflow/take-decision.ts',
    description: 'Takes a decision a lifecycle branches on, with the version the case pinned',
    grants: ['table:read', 'table:write'],
  },
  {
    id: 'assess-case',
    entry: 'functions/workflow/assess-case.ts',
    description: 'Computes what a case would pay from its data and decision tables',
    grants: ['table:read', 'table:write'],
  },
  {
    id: 'request-payment',
    entry: 'functions/workflow/request-payment.ts',
    description: 'Commits a payment once, with the budget ledger, for the finance hand-off',
    grants: ['table:read', 'table:write'],
  },
  {
    id: 'get-budgets',
    entry: 'functions/budgets/get-budgets.ts',
    description: 'Budget consumption per envelope, projected year-end and alerts',
    grants: ['table:read'],
  },
  {
    id: 'get-dashboard',
    entry: 'functions/dashboard/get-dashboard.ts',
    description: 'KPIs and alerts from the pre-aggregated counters, and the case start backlog',
    grants: ['table:read', 'case-starts:read'],
  },
  {
    id: 'get-metrics',
    entry: 'functions/dashboard/get-metrics.ts',
    description: 'The KPIs in OpenMetrics text, for Prometheus or Grafana',
    grants: ['table:read', 'case-starts:read'],
  },
  {
    id: 'export-daily-metrics',
    entry: 'functions/dashboard/export-daily-metrics.ts',
    description: "Writes the previous day's dashboard counters to the exports bucket as gzipped JSON Lines",
    grants: ['table:read', 'exports:write'],
    timeoutSeconds: 300,
    trigger: 'daily',
  },
  {
    id: 'export-table-changes',
    entry: 'functions/warehouse/export-table-changes.ts',
    description: "Exports the table's changes (its stream) to the reporting warehouse as partitioned Parquet files",
    grants: ['exports:write', 'pseudonym:read'],
    timeoutSeconds: 120,
    memoryMb: 1024,
    trigger: 'table-stream',
  },
  {
    id: 'prepare-kpi-days',
    entry: 'functions/dashboard/prepare-kpi-days.ts',
    description: "Gives the next days' dashboard counter items their full size, so reading them costs the same on any day",
    grants: ['table:write'],
    trigger: 'daily',
  },
  {
    id: 'publish-kpi-metrics',
    entry: 'functions/dashboard/publish-kpi-metrics.ts',
    description: "Publishes the dashboard's headline figures as CloudWatch metrics (EMF) for the alarms",
    grants: ['table:read'],
    trigger: 'every-few-minutes',
  },
  {
    id: 'list-staff',
    entry: 'functions/staff/list-staff.ts',
    description: "The staff directory: each person's roles, skills, authority limit, capacity and absences",
    grants: ['table:read', 'directory:read'],
  },
  {
    id: 'get-staff-member',
    entry: 'functions/staff/get-staff-member.ts',
    description: "One staff member's profile and the log of its changes",
    grants: ['table:read', 'directory:read'],
  },
  {
    id: 'put-staff-member',
    entry: 'functions/staff/put-staff-member.ts',
    description: "A supervisor's edit of someone's skills, authority, capacity or absences, audited",
    grants: ['table:read', 'table:write', 'directory:read'],
  },
  {
    id: 'get-workload',
    entry: 'functions/staff/get-workload.ts',
    description: 'The workload board: open, due and late tasks per person and per queue, handling times, absences',
    grants: ['table:read', 'directory:read'],
  },
  {
    id: 'apply-absences',
    entry: 'functions/staff/apply-absences.ts',
    description: "At an absence's start, hands the absent person's tasks to their delegate or back to the queue",
    grants: ['table:read', 'table:write', 'directory:read', 'events:put'],
    timeoutSeconds: 240,
    trigger: 'every-few-minutes',
  },
  {
    id: 'search-members',
    entry: 'functions/members/search-members.ts',
    description: 'Finds members of the registry by member number, name (accent-insensitive) or case id',
    grants: ['table:read'],
  },
  {
    id: 'get-member',
    entry: 'functions/members/get-member.ts',
    description: "The 360° view of a person: identity, coverages, every case, payments, ceilings, documents, notifications; staff reads audited",
    grants: ['table:read', 'table:write'],
  },
  {
    id: 'import-members',
    entry: 'functions/members/import-members.ts',
    description: 'Imports members and coverages from CSV or a FHIR R4 Bundle, row by row, reporting rejected rows',
    grants: ['table:read', 'table:write'],
    memoryMb: 1024,
    timeoutSeconds: 29,
  },
];

export const routes: readonly RouteSpec[] = [
  { method: 'GET', path: '/api/health', functionId: 'health', auth: 'public' },
  { method: 'GET', path: '/api/openapi.json', functionId: 'openapi', auth: 'public' },
  { method: 'GET', path: '/api/case-types', functionId: 'list-case-types', auth: 'jwt' },
  { method: 'POST', path: '/api/cases', functionId: 'declare-case', auth: 'jwt' },
  { method: 'GET', path: '/api/cases', functionId: 'list-cases', auth: 'jwt' },
  { method: 'GET', path: '/api/cases/{caseId}', functionId: 'get-case', auth: 'jwt' },
  { method: 'PATCH', path: '/api/cases/{caseId}', functionId: 'patch-case', auth: 'jwt' },
  { method: 'GET', path: '/api/cases/{caseId}/history', functionId: 'get-case-history', auth: 'jwt' },
  { method: 'POST', path: '/api/cases/{caseId}/comments', functionId: 'add-comment', auth: 'jwt' },
  { method: 'POST', path: '/api/cases/{caseId}/tasks', functionId: 'add-task', auth: 'jwt' },
  { method: 'POST', path: '/api/cases/{caseId}/withdraw', functionId: 'withdraw-case', auth: 'jwt' },
  { method: 'POST', path: '/api/cases/{caseId}/cancel', functionId: 'cancel-case', auth: 'jwt' },
  { method: 'POST', path: '/api/cases/{caseId}/reopen', functionId: 'reopen-case', auth: 'jwt' },
  { method: 'PUT', path: '/api/cases/{caseId}/rules/{ruleId}', functionId: 'repin-case-rule', auth: 'jwt' },
  { method: 'GET', path: '/api/rules', functionId: 'list-rules', auth: 'jwt' },
  { method: 'GET', path: '/api/rules/{ruleId}', functionId: 'get-rule', auth: 'jwt' },
  { method: 'PUT', path: '/api/rules/{ruleId}', functionId: 'save-rule-draft', auth: 'jwt' },
  { method: 'POST', path: '/api/rules/{ruleId}/publish', functionId: 'publish-rule', auth: 'jwt' },
  { method: 'POST', path: '/api/rules/{ruleId}/simulate', functionId: 'simulate-rule', auth: 'jwt' },
  { method: 'POST', path: '/api/cases/{caseId}/documents', functionId: 'request-upload', auth: 'jwt' },
  { method: 'GET', path: '/api/cases/{caseId}/documents/{documentId}', functionId: 'get-document', auth: 'jwt' },
  { method: 'POST', path: '/api/cases/{caseId}/documents/{documentId}/review', functionId: 'review-document', auth: 'jwt' },
  { method: 'GET', path: '/api/tasks', functionId: 'list-tasks', auth: 'jwt' },
  { method: 'POST', path: '/api/tasks/reassign', functionId: 'reassign-tasks', auth: 'jwt' },
  { method: 'POST', path: '/api/tasks/{taskId}/claim', functionId: 'claim-task', auth: 'jwt' },
  { method: 'POST', path: '/api/tasks/{taskId}/release', functionId: 'release-task', auth: 'jwt' },
  { method: 'POST', path: '/api/tasks/{taskId}/complete', functionId: 'complete-task', auth: 'jwt' },
  { method: 'POST', path: '/api/tasks/{taskId}/reassign', functionId: 'reassign-task', auth: 'jwt' },
  { method: 'GET', path: '/api/notifications', functionId: 'list-notifications', auth: 'jwt' },
  { method: 'POST', path: '/api/notifications/{notificationId}/read', functionId: 'mark-notification-read', auth: 'jwt' },
  { method: 'GET', path: '/api/budgets', functionId: 'get-budgets', auth: 'jwt' },
  { method: 'GET', path: '/api/dashboard', functionId: 'get-dashboard', auth: 'jwt' },
  { method: 'GET', path: '/api/metrics', functionId: 'get-metrics', auth: 'jwt' },
  { method: 'GET', path: '/api/staff', functionId: 'list-staff', auth: 'jwt' },
  { method: 'GET', path: '/api/staff/{userId}', functionId: 'get-staff-member', auth: 'jwt' },
  { method: 'PUT', path: '/api/staff/{userId}', functionId: 'put-staff-member', auth: 'jwt' },
  { method: 'GET', path: '/api/members', functionId: 'search-members', auth: 'jwt' },
  { method: 'POST', path: '/api/members/import', functionId: 'import-members', auth: 'jwt' },
  { method: 'GET', path: '/api/members/{memberId}', functionId: 'get-member', auth: 'jwt' },
  { method: 'GET', path: '/api/workload', functionId: 'get-workload', auth: 'jwt' },
];

export const stateMachines: readonly StateMachineSpec[] = [
  { id: 'occupational-disease', file: 'statemachines/occupational-disease.asl.json' },
  { id: 'health-reimbursement', file: 'statemachines/health-reimbursement.asl.json' },
  { id: 'property-claim', file: 'statemachines/property-claim.asl.json' },
];

export function functionById(id: string): FunctionSpec {
  const spec = functions.find((f) => f.id === id);
  if (!spec) throw new Error(`unknown function ${id}`);
  return spec;
}

/** `create-task` → `CreateTaskFunctionArn`, the placeholder used in ASL files. */
export function functionArnPlaceholder(id: string): string {
  return id.replace(/(^|-)([a-z])/g, (_m, _dash, c: string) => c.toUpperCase()) + 'FunctionArn';
}

/** The inverse: which function a `${...FunctionArn}` placeholder names, if any. */
export function functionIdFromPlaceholder(placeholder: string): string | undefined {
  const match = /^([A-Z][A-Za-z0-9]*)FunctionArn$/.exec(placeholder);
  if (!match?.[1]) return undefined;
  const id = match[1].replace(/[A-Z]/g, (c, i: number) => (i === 0 ? '' : '-') + c.toLowerCase());
  return functions.some((f) => f.id === id) ? id : undefined;
}
