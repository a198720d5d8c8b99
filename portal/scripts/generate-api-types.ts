// The portal's API types come from the very document GET /api/openapi.json serves (built from the
// handlers' zod schemas), so a contract change that breaks the portal fails its type check.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import { buildOpenApiDocument } from '#shared/http/openapi.js';

const target = join(import.meta.dirname, '..', 'src', 'api', 'schema.gen.ts');
const document = buildOpenApiDocument();
const ast = await openapiTS(document as unknown as Parameters<typeof openapiTS>[0]);
mkdirSync(join(target, '..'), { recursive: true });
writeFileSync(target, `// Generated from the OpenAPI document by portal/scripts/generate-api-types.ts; do not edit.\n${astToString(ast)}`);
