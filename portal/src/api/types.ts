import type { paths } from './schema.gen.js';

type Json<P extends keyof paths, M extends 'get' | 'post' | 'put', S extends number = 200> = paths[P][M] extends {
  responses: { [K in S]: { content: { 'application/json': infer B } } };
}
  ? B
  : never;

export type CaseView = Json<'/api/cases/{caseId}', 'get'>;
export type CaseList = Json<'/api/cases', 'get'>;
export type CaseTypes = Json<'/api/case-types', 'get'>;
export type TaskList = Json<'/api/tasks', 'get'>;
export type TaskRow = TaskList['items'][number];
export type RuleDetail = Json<'/api/rules/{ruleId}', 'get'>;
export type RuleList = Json<'/api/rules', 'get'>;
export type Simulation = Json<'/api/rules/{ruleId}/simulate', 'post'>;
export type Notifications = Json<'/api/notifications', 'get'>;
export type DecisionTable = NonNullable<NonNullable<paths['/api/rules/{ruleId}']['put']['requestBody']>['content']['application/json']['table']>;

// The contract leaves these arrays open (unknown[]); the portal reads only these fields of them.
export interface CaseDocument {
  documentId: string;
  category: string;
  folder: string;
  status: 'pending' | 'received' | 'accepted' | 'rejected' | 'quarantined';
  fileName?: string;
  contentType?: string;
}
export interface CaseComment {
  commentId?: string;
  text: string;
  at?: string;
  createdAt?: string;
  author?: { username: string; role: string };
  visibility?: string;
}
export interface CaseDeadline {
  subject: 'case' | 'task';
  kind?: string;
  state?: string;
  sla?: string;
  dueAt: string;
  paused?: boolean;
}
export interface Localised {
  [language: string]: string;
}

export type Workload = Json<'/api/workload', 'get'>;
export type PersonLoad = Workload['people'][number];
export type StaffList = Json<'/api/staff', 'get'>;
export type StaffMember = StaffList['staff'][number];
export type StaffDetail = Json<'/api/staff/{userId}', 'get'>;
export type StaffEdit = NonNullable<paths['/api/staff/{userId}']['put']['requestBody']>['content']['application/json'];
export type SkillLanguage = StaffMember['skills']['languages'][number];

/**
 * One task's answer to a bulk reassignment. The contract lists taskId and status only; the API
 * also sends the reason of a refusal, which the portal shows.
 */
export interface BulkReassignResult {
  taskId: string;
  status: number;
  error?: { code: string; message: string; fields?: { field: string; message: string }[] };
}
