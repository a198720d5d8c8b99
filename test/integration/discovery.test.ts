import { describe, expect, it } from 'vitest';
import { routes } from '#functions/registry.js';
import { as, request } from './support/api.js';

describe('discovery routes', () => {
  it('reports health once every dependency answers', async () => {
    const response = await request('GET', '/api/health');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok' });
  });

  it('lists case types with their data schema and document checklist', async () => {
    const response = await (await as('claimant1')).get('/api/case-types');
    expect(response.status).toBe(200);
    const type = response.body.find((t: { id: string }) => t.id === 'occupational-disease');
    expect(type.name.fr).toBe('Déclaration de maladie professionnelle');
    expect(type.dataSchema.properties.claimant.required).toEqual(expect.arrayContaining(['firstName', 'lastName', 'email']));
    expect(type.dataSchema.additionalProperties).toBe(false);
    expect(type.documents.map((d: { category: string }) => d.category)).toContain('medical-certificate');
  });

  it('needs a token for case types', async () => {
    expect((await request('GET', '/api/case-types')).status).toBe(401);
  });

  it('publishes an OpenAPI 3.1 document describing every deployed route', async () => {
    const response = await request('GET', '/api/openapi.json');
    expect(response.status).toBe(200);
    expect(response.body.openapi).toBe('3.1.0');
    for (const route of routes) {
      expect(response.body.paths[route.path]?.[route.method.toLowerCase()], `${route.method} ${route.path}`).toBeDefined();
    }
    expect(response.body.paths['/api/cases'].post.requestBody.content['application/json'].schema.properties.type).toBeDefined();
  });

  it('answers unknown API routes with 404 in the error shape', async () => {
    const response = await request('GET', '/api/nothing-here');
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('not_found');
  });

  it('serves the portal page at /', async () => {
    const response = await fetch(`${(await import('vitest')).inject('apiUrl')}/`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Dossier');
  });
});
