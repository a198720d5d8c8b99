import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { routes, type RouteSpec } from '#functions/registry.js';
import { metering } from '#shared/metering/meter.js';
import { claimsAsApiGatewayPassesThem, type LocalAuth } from './local-auth.js';

/** A route that only exists locally (login, clock): handled in-process, never deployed. */
export type LocalRoute = (request: { body: unknown; headers: IncomingMessage['headers'] }) => Promise<{ status: number; body: unknown }>;

export interface GatewayOptions {
  readonly port: number;
  readonly auth: LocalAuth;
  readonly invoke: (functionId: string, event: unknown) => Promise<unknown>;
  readonly localRoutes: Readonly<Record<string, LocalRoute>>;
  /** Folder of the portal's static files, served at `/`. */
  readonly staticDir: string;
}

// API Gateway HTTP APIs accept bodies up to 10 MB; the handlers apply their own, smaller limit.
const GATEWAY_BODY_LIMIT = 10 * 1024 * 1024;

interface CompiledRoute {
  readonly spec: RouteSpec;
  readonly pattern: RegExp;
  readonly names: readonly string[];
}

const compiled: readonly CompiledRoute[] = routes.map((spec) => {
  const names: string[] = [];
  const source = spec.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_m, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { spec, pattern: new RegExp(`^${source}$`), names };
});

function matchRoute(method: string, path: string) {
  let pathMatched = false;
  for (const route of compiled) {
    const match = route.pattern.exec(path);
    if (!match) continue;
    pathMatched = true;
    if (route.spec.method !== method) continue;
    const params = Object.fromEntries(route.names.map((n, i) => [n, decodeURIComponent(match[i + 1]!)]));
    return { route, params };
  }
  return pathMatched ? 'method-not-allowed' : undefined;
}

/**
 * The local API Gateway: turns each HTTP request into the HTTP API v2 event that Lambda would
 * receive (JWT claims in the authorizer context, in API Gateway's string form) and hands it to
 * the very same handler; serves the portal's files at `/`.
 */
export async function startGateway(options: GatewayOptions): Promise<{ url: string; server: Server; stop(): Promise<void> }> {
  const server = createServer((req, res) => {
    handle(options, req, res).catch((error: unknown) => {
      console.error('gateway error:', (error as Error).name, (error as Error).message);
      if (!res.headersSent) sendJson(res, 500, { error: { code: 'internal_error', message: 'Gateway failure' } });
      else res.end();
    });
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    url: `http://localhost:${port}`,
    server,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function handle(options: GatewayOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const method = (req.method ?? 'GET').toUpperCase();
  if (!url.pathname.startsWith('/api/')) return serveStatic(options.staticDir, url.pathname, res);

  const body = await readBody(req);
  if (body === 'too-large') return sendJson(res, 413, { error: { code: 'payload_too_large', message: 'Request body too large' } });

  const local = options.localRoutes[`${method} ${url.pathname}`];
  if (local) {
    let parsed: unknown;
    try {
      parsed = body.length ? JSON.parse(body.toString('utf8')) : undefined;
    } catch {
      return sendJson(res, 400, { error: { code: 'malformed_json', message: 'The body is not valid JSON', fields: [{ field: 'body', message: 'not valid JSON' }] } });
    }
    const result = await local({ body: parsed, headers: req.headers });
    return sendJson(res, result.status, result.body);
  }

  const matched = matchRoute(method, url.pathname);
  if (matched === undefined) return sendJson(res, 404, { error: { code: 'not_found', message: 'No such route' } });
  if (matched === 'method-not-allowed') return sendJson(res, 405, { error: { code: 'method_not_allowed', message: `${method} is not allowed here` } });
  // HTTP APIs bill each request to a route, in 512 KB steps of its size (local routes and the
  // portal's files are not API Gateway's in AWS, so they are not counted).
  metering()?.add('apigateway', 'requests', Math.max(1, Math.ceil(body.length / (512 * 1024))), `${matched.route.spec.method} ${matched.route.spec.path}`);

  let claims: Record<string, string | number | boolean> | undefined;
  if (matched.route.spec.auth === 'jwt') {
    const header = req.headers.authorization ?? '';
    const token = /^Bearer (.+)$/i.exec(header)?.[1];
    const payload = token ? await options.auth.verify(token) : undefined;
    if (!payload) return sendJson(res, 401, { error: { code: 'unauthorized', message: 'A valid bearer token is required' } });
    claims = claimsAsApiGatewayPassesThem(payload);
  }

  const event = toApiGatewayEvent(req, url, method, matched.route.spec, matched.params, body, claims);
  const result = (await options.invoke(matched.route.spec.functionId, event)) as APIGatewayProxyStructuredResultV2;
  const headers = { ...result.headers } as Record<string, string>;
  res.writeHead(result.statusCode ?? 200, headers);
  res.end(result.body === undefined ? undefined : Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8'));
}

function toApiGatewayEvent(
  req: IncomingMessage,
  url: URL,
  method: string,
  route: RouteSpec,
  params: Record<string, string>,
  body: Buffer,
  claims: Record<string, string | number | boolean> | undefined,
): APIGatewayProxyEventV2WithJWTAuthorizer {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) query[name] = name in query ? `${query[name]},${value}` : value;
  const contentType = headers['content-type'] ?? '';
  const textual = body.length === 0 || /json|text|xml|x-www-form-urlencoded/.test(contentType) || contentType === '';
  const now = new Date();
  const routeKey = `${route.method} ${route.path}`;
  return {
    version: '2.0',
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.replace(/^\?/, ''),
    headers,
    ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
    ...(Object.keys(params).length ? { pathParameters: params } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'localhost',
      http: {
        method,
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
      authorizer: { principalId: '', integrationLatency: 0, jwt: { claims: claims ?? {}, scopes: [] } },
    },
    ...(body.length ? { body: body.toString(textual ? 'utf8' : 'base64') } : {}),
    isBase64Encoded: body.length > 0 && !textual,
  } as APIGatewayProxyEventV2WithJWTAuthorizer;
}

function readBody(req: IncomingMessage): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > GATEWAY_BODY_LIMIT) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? 'too-large' : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

// A single-page app: unknown paths get index.html so that client-side routes survive a reload.
function serveStatic(root: string, pathname: string, res: ServerResponse): void {
  const base = normalize(root + sep);
  const requested = normalize(join(root, decodeURIComponent(pathname)));
  const inside = requested.startsWith(base) || requested === normalize(root);
  let file = inside && existsSync(requested) && statSync(requested).isFile() ? requested : join(root, 'index.html');
  if (!existsSync(file)) file = '';
  if (!file) {
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('Not found');
    return;
  }
  res.writeHead(200, {
    'content-type': MIME[extname(file)] ?? 'application/octet-stream',
    'x-content-type-options': 'nosniff',
    'content-security-policy': "default-src 'self'; img-src 'self' data: blob: http://127.0.0.1:*; connect-src 'self' http://127.0.0.1:*; frame-src 'self' blob: http://127.0.0.1:*; style-src 'self' 'unsafe-inline'",
  });
  res.end(readFileSync(file));
}
