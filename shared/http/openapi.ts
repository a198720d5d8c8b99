import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import * as z from 'zod';
import { allCaseTypes } from '../case-types/index.js';
import { caseListQuery } from '../cases/list-cases.js';
import { declareCaseBody } from '../cases/declare-case.js';
import { patchCaseBody, stopCaseBody } from '../cases/case-actions.js';
import { commentBody } from '../cases/comments.js';
import { adhocTaskBody } from '../tasks/adhoc-task.js';
import { inBasketQuery } from '../tasks/in-basket.js';
import { bulkReassignBody, completeTaskBody, reassignBody } from '../tasks/task-actions.js';
import { reviewBody } from '../documents/document-access.js';
import { uploadRequestBody } from '../documents/upload-request.js';
import { caseIdParams, caseRuleParams, documentParams, notificationIdParams, ruleIdParams, taskIdParams } from './path-params.js';
import { notificationListQuery } from '../notifications/inbox.js';
import { decisionTableSchema } from '../rules/decision-table.js';
import { publishBody, repinBody, saveDraftBody, simulateBody } from '../rules/rules-service.js';
import { budgetQuery } from '../payments/budget-report.js';
import { staffProfileBody } from '../staff/staff-profile.js';
import { CSV_COLUMNS, importMembersBody, MAX_IMPORT_ROWS, memberParams, memberSchema, memberSearchQuery } from '../members/member-record.js';
import { staffParams } from '../staff/staff-service.js';

// The OpenAPI document is generated from the same zod schemas the handlers validate with, so
// it cannot drift from what the API accepts. A test checks every registry route is described.
const errorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  }),
});

const summary = z.object({ claimantName: z.string(), title: z.string() });
const caseListItem = z.object({
  caseId: z.string(),
  type: z.string(),
  status: z.string(),
  summary,
  createdAt: z.string(),
  updatedAt: z.string(),
});
const historyEntry = z.object({
  seq: z.number(),
  at: z.string(),
  actor: z.object({ userId: z.string(), username: z.string(), role: z.string() }),
  action: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
  prevHash: z.string(),
  hash: z.string(),
});
const caseView = caseListItem.extend({
  data: z.record(z.string(), z.unknown()),
  ownerId: z.string().optional(),
  version: z.number(),
  documents: z.array(z.unknown()),
  checklist: z.array(
    z.object({
      category: z.string(),
      folder: z.string(),
      state: z.enum(['missing', 'received', 'accepted', 'rejected']),
      documentIds: z.array(z.string()),
      label: z.record(z.string(), z.string()).optional(),
      required: z.boolean().optional(),
    }),
  ),
  // Set once the case is decided or closed; the portal shows them to the claimant.
  decision: z.string().optional(),
  closeReason: z.string().optional(),
  tasks: z.array(z.unknown()),
  deadlines: z.array(z.unknown()),
  comments: z.array(z.unknown()),
  history: z.array(historyEntry),
});

const json = (schema: z.ZodType, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

const errors = {
  400: json(errorBody, 'Invalid input; `fields` names each field at fault'),
  401: json(errorBody, 'Missing or invalid bearer token'),
  403: json(errorBody, 'Your role does not allow this'),
  404: json(errorBody, 'Unknown, or not yours'),
  413: json(errorBody, 'Body larger than 256 KB'),
};

export function buildOpenApiDocument() {
  const registry = new OpenAPIRegistry();
  const bearer = registry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
  });
  const secured = [{ [bearer.name]: [] }];

  registry.registerPath({
    method: 'get',
    path: '/api/health',
    summary: 'Whether every dependency answers',
    responses: { 200: json(z.object({ status: z.literal('ok') }), 'All dependencies answer'), 503: json(errorBody, 'A dependency does not answer') },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/openapi.json',
    summary: 'This document',
    responses: { 200: { description: 'OpenAPI 3.1 document' } },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/case-types',
    summary: 'Case types, their data schema and document checklist',
    security: secured,
    responses: {
      200: json(z.array(z.object({ id: z.enum(allCaseTypes().map((t) => t.id) as [string, ...string[]]), name: z.record(z.string(), z.string()), dataSchema: z.record(z.string(), z.unknown()), documents: z.array(z.unknown()) })), 'Case types'),
      401: errors[401],
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/cases',
    summary: 'Declare a case; the same Idempotency-Key always returns the same case',
    security: secured,
    request: {
      headers: z.object({ 'idempotency-key': z.string().max(128).optional() }),
      body: { content: { 'application/json': { schema: declareCaseBody } } },
    },
    responses: { 202: json(caseListItem.extend({ data: z.record(z.string(), z.unknown()) }), 'The case, stored as received (or replayed); its lifecycle starts from the start queue'), ...errors, 409: json(errorBody, 'Idempotency-Key reused for another request') },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/cases',
    summary: 'Cases the caller may see, newest first',
    security: secured,
    request: { query: caseListQuery },
    responses: { 200: json(z.object({ items: z.array(caseListItem), cursor: z.string().optional() }), 'One page'), 400: errors[400], 401: errors[401], 403: errors[403] },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/cases/{caseId}',
    summary: 'The 360° view of a case',
    security: secured,
    request: { params: caseIdParams },
    responses: { 200: json(caseView, 'The case'), 400: errors[400], 401: errors[401], 403: errors[403], 404: errors[404] },
  });

  registry.registerPath({
    method: 'patch',
    path: '/api/cases/{caseId}',
    summary: 'Change case data; If-Match (or body.version) must be the current version',
    security: secured,
    request: { params: caseIdParams, body: { content: { 'application/json': { schema: patchCaseBody } } } },
    responses: { 200: json(caseView.omit({ documents: true, checklist: true, tasks: true, deadlines: true, comments: true, history: true }), 'The case'), ...errors, 409: json(errorBody, 'Version conflict') },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/cases/{caseId}/history',
    summary: 'The full action history, with its hash chain checked',
    security: secured,
    request: { params: caseIdParams },
    responses: { 200: json(z.object({ entries: z.array(historyEntry), verified: z.boolean(), brokenAt: z.number().optional() }), 'History'), 401: errors[401], 403: errors[403], 404: errors[404] },
  });
  const caseAction = (path: string, summary: string, body: z.ZodType, status: 201 | 202) =>
    registry.registerPath({
      method: 'post',
      path,
      summary,
      security: secured,
      request: { params: caseIdParams, body: { content: { 'application/json': { schema: body } } } },
      responses: { [status]: json(z.record(z.string(), z.unknown()), 'Done'), ...errors, 409: json(errorBody, 'Not possible in the case state') },
    });
  caseAction('/api/cases/{caseId}/comments', 'Comment on a case', commentBody, 201);
  caseAction('/api/cases/{caseId}/tasks', 'Add an ad-hoc task to a running case', adhocTaskBody, 201);
  caseAction('/api/cases/{caseId}/withdraw', 'The claimant withdraws the case', stopCaseBody, 202);
  caseAction('/api/cases/{caseId}/cancel', 'A supervisor cancels the case', stopCaseBody, 202);
  caseAction('/api/cases/{caseId}/reopen', 'A supervisor re-opens a closed case', stopCaseBody, 202);

  const documentMeta = z.object({
    documentId: z.string(),
    category: z.string(),
    folder: z.string(),
    fileName: z.string(),
    status: z.enum(['received', 'accepted', 'rejected', 'quarantined']),
    version: z.number(),
    sha256: z.string().optional(),
    size: z.number().optional(),
    reason: z.string().optional(),
  });
  registry.registerPath({
    method: 'post',
    path: '/api/cases/{caseId}/documents',
    summary: 'A presigned POST to upload one document straight to S3 (multipart: fields, then file)',
    security: secured,
    request: { params: caseIdParams, body: { content: { 'application/json': { schema: uploadRequestBody } } } },
    responses: {
      201: json(z.object({ documentId: z.string(), upload: z.object({ url: z.string(), fields: z.record(z.string(), z.string()) }), expiresInSeconds: z.number() }), 'Where and how to upload'),
      ...errors,
      409: json(errorBody, 'The case is closed, or still being registered (the documents it asks for are not known yet: try again shortly)'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/cases/{caseId}/documents/{documentId}',
    summary: 'One document, the versions of its slot, and a download link valid five minutes (each read is recorded)',
    security: secured,
    request: { params: documentParams },
    responses: { 200: json(documentMeta.extend({ versions: z.array(documentMeta), downloadUrl: z.string().optional() }), 'The document'), 401: errors[401], 403: errors[403], 404: errors[404] },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/cases/{caseId}/documents/{documentId}/review',
    summary: 'Accept or reject a received document (a rejection needs a reason)',
    security: secured,
    request: { params: documentParams, body: { content: { 'application/json': { schema: reviewBody } } } },
    responses: { 200: json(documentMeta, 'The reviewed document'), ...errors, 409: json(errorBody, 'Already reviewed, or not reviewable') },
  });

  const task = z.object({
    taskId: z.string(),
    caseId: z.string(),
    kind: z.string(),
    status: z.enum(['open', 'assigned', 'completing', 'completed', 'cancelled']),
    assignee: z.string().optional(),
    assignedAt: z.string().optional(),
    needs: z
      .object({ language: z.string().optional(), region: z.string().optional(), authority: z.number().optional() })
      .optional()
      .describe('What its assignee needs, by the assignment policy: a language, a region, the authority to decide this amount'),
    dueAt: z.string(),
    outcomes: z.array(z.string()),
    note: z.string().optional().describe('Why the workflow asks for it: a coverage check gives the reason the registry did not confirm the coverage'),
  });
  registry.registerPath({
    method: 'get',
    path: '/api/tasks',
    summary: 'In-basket: mine (default), my queue, or a colleague (supervisor)',
    security: secured,
    request: { query: inBasketQuery },
    responses: {
      200: json(z.object({ items: z.array(task.extend({ sla: z.enum(['on-track', 'at-risk', 'breached']), case: z.object({ type: z.string(), claimantName: z.string(), status: z.string(), ageDays: z.number() }).nullable() })), cursor: z.string().optional() }), 'One page, soonest due first'),
      400: errors[400], 401: errors[401], 403: errors[403],
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/tasks/reassign',
    summary: 'Reassign many tasks (supervisor); one result per task',
    security: secured,
    request: { body: { content: { 'application/json': { schema: bulkReassignBody } } } },
    responses: { 200: json(z.object({ results: z.array(z.object({ taskId: z.string(), status: z.number() })) }), 'Per-task results'), 400: errors[400], 401: errors[401], 403: errors[403] },
  });
  const taskAction = (verb: string, summary: string, body?: z.ZodType) =>
    registry.registerPath({
      method: 'post',
      path: `/api/tasks/{taskId}/${verb}`,
      summary,
      security: secured,
      request: { params: taskIdParams, ...(body ? { body: { content: { 'application/json': { schema: body } } } } : {}) },
      responses: { 200: json(task, 'The task'), ...errors, 409: json(errorBody, 'Someone else acted first, or the task is no longer awaited') },
    });
  taskAction('claim', 'Take a task from my queue');
  taskAction('release', 'Put a task back in its queue');
  taskAction('complete', 'Complete a task with one of its outcomes', completeTaskBody);
  taskAction('reassign', 'Hand a task to someone else (supervisor)', reassignBody);

  const invalidTable = json(errorBody, 'Not a sound decision table: each field names the rule and column at fault');
  const ruleEntry = z.object({
    ruleId: z.string(),
    name: z.string(),
    hitPolicy: z.string(),
    latestVersion: z.number(),
    versionInForce: z.number(),
    versions: z.array(z.object({ version: z.number(), effectiveFrom: z.string(), publishedAt: z.string(), publishedBy: z.string(), note: z.string().optional() })),
  });
  registry.registerPath({
    method: 'get',
    path: '/api/rules',
    summary: 'The decision tables, their versions and drafts (ops, supervisor)',
    security: secured,
    responses: { 200: json(z.object({ items: z.array(ruleEntry) }), 'Decision tables'), 401: errors[401], 403: errors[403] },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/rules/{ruleId}',
    summary: 'One decision table: the version in force (or ?version=N), its versions and its draft',
    security: secured,
    request: { params: ruleIdParams, query: z.object({ version: z.number().int().optional() }) },
    responses: { 200: json(ruleEntry.extend({ shown: z.object({ version: z.number(), table: decisionTableSchema, dmn: z.string() }), draft: z.unknown() }), 'The table'), ...errors },
  });
  registry.registerPath({
    method: 'put',
    path: '/api/rules/{ruleId}',
    summary: 'Save a draft (DMN XML or JSON table); refused unless the table is sound',
    security: secured,
    request: { params: ruleIdParams, body: { content: { 'application/json': { schema: saveDraftBody } } } },
    responses: { 200: json(z.object({ ruleId: z.string(), revision: z.number(), table: decisionTableSchema }), 'Draft saved'), ...errors, 409: json(errorBody, 'Someone saved a newer draft'), 422: invalidTable },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/rules/{ruleId}/publish',
    summary: 'Publish the reviewed draft as the next immutable version',
    security: secured,
    request: { params: ruleIdParams, body: { content: { 'application/json': { schema: publishBody } } } },
    responses: { 201: json(z.object({ ruleId: z.string(), version: z.number(), effectiveFrom: z.string(), publishedBy: z.string() }), 'Published'), ...errors, 409: json(errorBody, 'The draft changed since it was reviewed'), 422: invalidTable },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/rules/{ruleId}/simulate',
    summary: 'Replay a draft (given, or the saved one) over past decisions: what would change',
    security: secured,
    request: { params: ruleIdParams, body: { content: { 'application/json': { schema: simulateBody } } } },
    responses: {
      200: json(
        z.object({
          evaluated: z.number(),
          changedCount: z.number(),
          failedCount: z.number(),
          impact: z.record(z.string(), z.unknown()),
          changed: z.array(z.object({ caseId: z.string(), version: z.number(), before: z.unknown(), after: z.unknown() })),
          nextCursor: z.string().optional(),
        }),
        'Impact',
      ),
      ...errors,
      422: invalidTable,
    },
  });
  registry.registerPath({
    method: 'put',
    path: '/api/cases/{caseId}/rules/{ruleId}',
    summary: 'Re-pin an open case to another version of a decision table (supervisor)',
    security: secured,
    request: { params: caseRuleParams, body: { content: { 'application/json': { schema: repinBody } } } },
    responses: { 200: json(z.record(z.string(), z.unknown()), 'The case, decisions taken again'), ...errors, 409: json(errorBody, 'Closed case, or changed meanwhile') },
  });

  const notification = z.object({
    notificationId: z.string(),
    caseId: z.string(),
    template: z.string(),
    subject: z.string(),
    text: z.string(),
    link: z.string(),
    language: z.string(),
    createdAt: z.string(),
    readAt: z.string().optional(),
  });
  registry.registerPath({
    method: 'get',
    path: '/api/notifications',
    summary: "The caller's own in-portal notifications, newest first (no medical detail: a link to the case)",
    security: secured,
    request: { query: notificationListQuery },
    responses: { 200: json(z.object({ items: z.array(notification), cursor: z.string().optional() }), 'One page'), 400: errors[400], 401: errors[401] },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/notifications/{notificationId}/read',
    summary: 'Mark one of my notifications read (the first time it was read is kept)',
    security: secured,
    request: { params: notificationIdParams },
    responses: { 200: json(notification, 'The notification'), 400: errors[400], 401: errors[401], 404: errors[404] },
  });

  const envelopeReport = z.object({
    envelope: z.string(),
    budget: z.string().describe('decimal string'),
    committed: z.string().describe('decimal string: the sum of the committed payments'),
    payments: z.number(),
    consumedShare: z.string(),
    projectedYearEnd: z.string().describe('decimal string: the committed amount at this pace on 31 December'),
    alert: z.enum(['none', 'threshold-reached', 'projected-overrun']),
  });
  const budgetFiguresSchema = z.object({ year: z.number(), asOf: z.string(), items: z.array(z.object({ budgetId: z.string(), currency: z.string(), envelopes: z.array(envelopeReport) })) });
  registry.registerPath({
    method: 'get',
    path: '/api/budgets',
    summary: 'Budget control (supervisor, ops): consumption per envelope against budget, projected year-end, alerts',
    security: secured,
    request: { query: budgetQuery },
    responses: {
      200: json(budgetFiguresSchema, 'Budgets'),
      400: errors[400],
      401: errors[401],
      403: errors[403],
    },
  });
  const counts = z.record(z.string(), z.number());
  const slaStates = z.object({ onTrack: z.number(), atRisk: z.number(), breached: z.number() });
  const processing = z.object({ closed: z.number(), averageHours: z.number().nullable(), p90AtMostHours: z.number().nullable() });
  const compliance = z.object({ met: z.number(), breached: z.number(), rate: z.number().nullable() });
  const dashboard = z.object({
    asOf: z.string(),
    openCases: z.object({ total: z.number(), byType: counts, byStatus: counts, byTypeAndStatus: counts }),
    intake: z.object({
      receivedToday: z.number(),
      closedToday: z.number(),
      receivedLastHour: z.number(),
      usualForThisHour: z.number(),
      perDay: z.array(z.object({ day: z.string(), received: z.number(), closed: z.number() })),
    }),
    processingTime: z.record(z.string(), z.object({ last7Days: processing, last30Days: processing })),
    sla: z.object({ tasks: slaStates, cases: slaStates, compliance: z.object({ last7Days: compliance, last30Days: compliance }) }),
    queues: z.array(z.object({ queue: z.string(), unassigned: z.number(), assigned: z.number(), atRisk: z.number(), breached: z.number(), doneToday: z.number(), doneLast7Days: z.number() })),
    agents: z.array(z.object({ agent: z.string(), backlog: z.number(), doneToday: z.number(), doneLast7Days: z.number() })),
    amounts: z.array(z.object({ businessLine: z.string(), region: z.string(), currency: z.string(), amount: z.string().describe('decimal'), cases: z.number() })),
    budgets: budgetFiguresSchema.describe("This year's budgets, as GET /api/budgets gives them"),
    caseStarts: z
      .object({
        waiting: z.number().nullable().describe('declared cases whose lifecycle start waits in the start queue'),
        inFlight: z.number().nullable().describe('starts taken by the starter and not finished'),
        oldestAgeSeconds: z.number().nullable().describe('age of the oldest message in the start queue, from CloudWatch; null when it has no recent datapoint'),
        deadLetters: z.number().nullable().describe('starts that failed five times, in the dead-letter queue'),
      })
      .describe('The buffered intake backlog (docs/capacity.md); a figure is null when it could not be read'),
    alerts: z.array(
      z.union([
        z.object({ kind: z.enum(['delay', 'volume']), level: z.enum(['warning', 'critical']) }).loose(),
        z
          .object({
            kind: z.literal('backlog'),
            level: z.enum(['warning', 'critical']).describe('critical when starts failed into the dead-letter queue'),
            oldestAgeSeconds: z.number().nullable(),
            deadLetters: z.number().nullable(),
            thresholds: z.object({ oldestAgeSeconds: z.number(), deadLetters: z.number() }),
          })
          .describe('The case start backlog: the oldest start waited too long, or starts failed (the thresholds of the CloudWatch alarms)'),
        z
          .object({
            kind: z.literal('budget'),
            level: z.enum(['warning', 'critical']).describe('critical when the consumption reached the alert share, warning when only the forecast exceeds the budget'),
            reason: z.enum(['threshold-reached', 'projected-overrun']),
            budgetId: z.string(),
            year: z.number(),
            envelope: z.string(),
            currency: z.string(),
            budget: z.string().describe('decimal string'),
            committed: z.string().describe('decimal string'),
            projectedYearEnd: z.string().describe('decimal string'),
          })
          .describe("A budget envelope's forecast to year end exceeds what it was given, or its consumption reached the budget's alert share"),
      ]),
    ),
  });
  registry.registerPath({
    method: 'get',
    path: '/api/dashboard',
    summary: 'KPIs and alerts (supervisor, ops), computed from pre-aggregated counters (the same cost at 10 or 10 million cases), and the case start backlog',
    security: secured,
    responses: { 200: json(dashboard, 'The dashboard'), 401: errors[401], 403: errors[403] },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/metrics',
    summary: 'The same figures in OpenMetrics text, for Prometheus or Grafana (ops)',
    security: secured,
    responses: {
      200: { description: 'OpenMetrics text', content: { 'application/openmetrics-text': { schema: z.string() } } },
      401: errors[401],
      403: errors[403],
    },
  });

  const { expectedVersion: _v, ...profileFields } = staffProfileBody.shape;
  const staffMember = z.object({
    userId: z.string(),
    roles: z.array(z.string()),
    ...profileFields,
    absences: z.array(z.object({ from: z.string(), to: z.string(), delegate: z.string().optional(), appliedAt: z.string().optional().describe('when their tasks moved away at its start') })),
    version: z.number().describe('send it back as expectedVersion to edit'),
    updatedAt: z.string().optional(),
    updatedBy: z.string().optional(),
    described: z.boolean().describe('false: nobody described them yet, they have the defaults (no language, no authority)'),
    absentNow: z.boolean(),
  });
  registry.registerPath({
    method: 'get',
    path: '/api/staff',
    summary: 'The staff directory (supervisor, ops): roles, skills, authority limit, capacity, absences',
    security: secured,
    responses: { 200: json(z.object({ staff: z.array(staffMember) }), 'Everyone who works cases'), 401: errors[401], 403: errors[403] },
  });
  const profileChange = z.object({ at: z.string(), actor: z.object({ userId: z.string(), username: z.string(), role: z.string() }), before: z.record(z.string(), z.unknown()).nullable(), after: z.record(z.string(), z.unknown()) });
  registry.registerPath({
    method: 'get',
    path: '/api/staff/{userId}',
    summary: "One staff member's profile and the log of its changes (supervisor, ops)",
    security: secured,
    request: { params: staffParams },
    responses: { 200: json(staffMember.extend({ changes: z.array(profileChange) }), 'The profile, newest changes first'), 401: errors[401], 403: errors[403], 404: errors[404] },
  });
  registry.registerPath({
    method: 'put',
    path: '/api/staff/{userId}',
    summary: "Edit someone's skills, authority limit, capacity and absences (supervisor); audited",
    security: secured,
    request: { params: staffParams, body: { content: { 'application/json': { schema: staffProfileBody } } } },
    responses: { 200: json(staffMember, 'The saved profile'), ...errors, 409: json(errorBody, 'Someone else edited the profile since expectedVersion') },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/workload',
    summary: 'The workload board (supervisor): per person and per queue, open tasks, due within 24 h, late, capacity, absences, handling time over 30 days',
    security: secured,
    responses: {
      200: json(
        z.object({
          at: z.string(),
          people: z.array(
            z.object({
              userId: z.string(),
              roles: z.array(z.string()),
              openTasks: z.number(),
              dueSoon: z.number().describe('due within 24 hours, not yet late'),
              breached: z.number(),
              capacity: z.number(),
              absent: z.boolean(),
              absence: z.object({ from: z.string(), to: z.string(), delegate: z.string().optional() }).optional(),
              doneLast30Days: z.number(),
              averageHandlingHours: z.number().nullable(),
            }),
          ),
          queues: z.array(z.object({ queue: z.string(), unassigned: z.number(), assigned: z.number(), atRisk: z.number(), breached: z.number() })),
        }),
        'The board',
      ),
      401: errors[401],
      403: errors[403],
    },
  });

  // The members registry and the person view (shared/members/).
  const storedCoverage = z.object({
    coverageId: z.string(), memberNumber: z.string(), product: z.string(), status: z.enum(['active', 'cancelled']), start: z.string(), end: z.string().optional(),
    contributionStart: z.string().optional(), ceilings: z.record(z.string(), z.string()).optional(),
    productName: z.string(), covers: z.array(z.string()), inForceToday: z.boolean(),
  });
  registry.registerPath({
    method: 'get',
    path: '/api/members',
    summary: 'Find members (agent, expert, supervisor) by member number, name (start of "last first" or "first last", accents and case ignored) or the id of one of their cases',
    security: secured,
    request: { query: memberSearchQuery },
    responses: {
      200: json(z.object({ members: z.array(z.object({ memberNumber: z.string(), firstName: z.string(), lastName: z.string(), birthDate: z.string(), employer: z.string().optional() })) }), 'At most 20 members, in name order'),
      400: errors[400], 401: errors[401], 403: errors[403],
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/members/{memberId}',
    summary: "The 360° view of a person: identity, coverages, every case (open and closed) with status and SLA, this year's payments and remaining ceilings, documents and notifications across cases. A claimant reads `me` (their own) only. Every read by staff is in the audit trail.",
    security: secured,
    request: { params: memberParams },
    responses: {
      200: json(
        z.object({
          member: memberSchema,
          coverages: z.array(storedCoverage),
          cases: z.array(z.object({ caseId: z.string(), type: z.string(), status: z.string(), summary: z.object({ claimantName: z.string(), title: z.string() }), createdAt: z.string(), updatedAt: z.string(), open: z.boolean(), sla: z.object({ state: z.string() }).loose().optional() })),
          payments: z.array(z.object({ caseId: z.string(), paymentId: z.string(), amount: z.string(), currency: z.string(), requestedAt: z.string(), allocations: z.array(z.object({ envelope: z.string(), amount: z.string() })) })),
          ceilings: z.array(z.object({ coverageId: z.string(), year: z.number(), envelope: z.string(), ceiling: z.string(), consumed: z.string(), remaining: z.string() })),
          documents: z.array(z.object({ caseId: z.string(), documentId: z.string(), category: z.string(), fileName: z.string(), status: z.string(), receivedAt: z.string().optional() })),
          notifications: z.array(z.object({ caseId: z.string(), at: z.string(), template: z.string(), channel: z.string() })),
          reads: z.array(z.object({ at: z.string(), actor: z.object({ userId: z.string(), username: z.string(), role: z.string() }), what: z.string() })).optional().describe('supervisors: who opened this view lately'),
        }),
        'The person',
      ),
      401: errors[401], 403: errors[403], 404: errors[404],
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/members/import',
    summary: `Import members and coverages (agent, supervisor, ops): the registry's CSV (columns ${CSV_COLUMNS.join(', ')}) or a FHIR R4 Bundle of Patient and Coverage resources, validated against the specification. Each row is applied whole or not at all; rejected rows are reported with the field and the reason, the others go in; importing the same file again changes nothing. At most ${MAX_IMPORT_ROWS} rows a request.`,
    security: secured,
    request: { body: { content: { 'application/json': { schema: importMembersBody } } } },
    responses: {
      200: json(z.object({ rows: z.number(), imported: z.number(), unchanged: z.number(), rejected: z.array(z.object({ ref: z.string(), field: z.string(), message: z.string() })) }), 'What was imported, and each rejected row with its reason'),
      ...errors,
    },
  });

  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: { title: 'Dossier API', version: '0.1.0', description: 'Case management for insurers and health funds' },
    servers: [{ url: '/' }],
  });

}
