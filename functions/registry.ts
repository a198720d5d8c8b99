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
  | 'events:put';

export interface FunctionSpec {
  /** kebab-case; state machines refer to it as ${PascalCaseIdFunctionArn}. */
  readonly id: string;
  /** Path from the repository root to the module exporting `handler`. */
  readonly entry: string;
  readonly description: string;
  readonly grants: readonly Grant[];
  readonly memoryMb?: number;
  readonly timeoutSeconds?: number;
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
    description: 'Creates a case (idempotent) and starts its lifecycle',
    grants: ['table:read', 'table:write', 'workflows:start'],
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
    id: 'register-case',
    entry: 'functions/workflow/register-case.ts',
    description: 'First step of every lifecycle: marks the case registered in its history',
    grants: ['table:read', 'table:write'],
  },
];

export const routes: readonly RouteSpec[] = [
  { method: 'GET', path: '/api/health', functionId: 'health', auth: 'public' },
  { method: 'GET', path: '/api/openapi.json', functionId: 'openapi', auth: 'public' },
  { method: 'GET', path: '/api/case-types', functionId: 'list-case-types', auth: 'jwt' },
  { method: 'POST', path: '/api/cases', functionId: 'declare-case', auth: 'jwt' },
  { method: 'GET', path: '/api/cases', functionId: 'list-cases', auth: 'jwt' },
  { method: 'GET', path: '/api/cases/{caseId}', functionId: 'get-case', auth: 'jwt' },
];

export const stateMachines: readonly StateMachineSpec[] = [
  { id: 'occupational-disease', file: 'statemachines/occupational-disease.asl.json' },
];

export function functionById(id: string): FunctionSpec {
  const spec = functions.find((f) => f.id === id);
  if (!spec) throw new Error(`unknown function ${id}`);
  return spec;
}

/** `register-case` → `RegisterCaseFunctionArn`, the placeholder used in ASL files. */
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
