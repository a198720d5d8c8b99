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
