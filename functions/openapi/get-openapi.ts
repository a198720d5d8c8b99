import { publicHandler } from '#shared/http/api-handler.js';
import { buildOpenApiDocument } from '#shared/http/openapi.js';

const document = buildOpenApiDocument();

export const handler = publicHandler({
  run: async () => ({ status: 200, body: document, headers: { 'cache-control': 'public, max-age=300' } }),
});
