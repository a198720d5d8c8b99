import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { allCaseTypes } from '../case-types/index.js';
import { caseListQuery } from '../cases/list-cases.js';
import { declareCaseBody } from '../cases/declare-case.js';
import { caseIdParams } from './path-params.js';

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
    }),
  ),
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
    responses: { 201: json(caseListItem.extend({ data: z.record(z.string(), z.unknown()) }), 'The case, created or replayed'), ...errors, 409: json(errorBody, 'Idempotency-Key reused for another request') },
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

  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: { title: 'Dossier API', version: '0.1.0', description: 'Case management for insurers and health funds' },
    servers: [{ url: '/' }],
  });
}
