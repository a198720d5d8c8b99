import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import type * as z from 'zod';
import { principalFromClaims, type Principal } from '../auth/principal.js';
import { logger } from '../observability/logger.js';
import { bodySizeLimit } from './body-size-limit.js';
import { errorResponder } from './error-responder.js';
import { toApiResult, type HttpResult } from './result.js';
import { validationError } from './validation.js';

export type ApiEvent = APIGatewayProxyEventV2WithJWTAuthorizer;
export type ApiResult = APIGatewayProxyStructuredResultV2;

export type { HttpResult } from './result.js';

type Schema = z.ZodType | undefined;
type Parsed<S extends Schema> = S extends z.ZodType ? z.output<S> : undefined;

export interface ApiRequest<B extends Schema, Q extends Schema, P extends Schema, Who> {
  readonly principal: Who;
  readonly body: Parsed<B>;
  readonly query: Parsed<Q>;
  readonly params: Parsed<P>;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly requestId: string;
}

interface HandlerSpec<B extends Schema, Q extends Schema, P extends Schema, Who> {
  readonly body?: B;
  readonly query?: Q;
  readonly params?: P;
  readonly run: (request: ApiRequest<B, Q, P, Who>) => Promise<HttpResult>;
}

type ApiLambda = (event: ApiEvent, context: Context) => Promise<ApiResult>;

/** A handler for a route behind the JWT authorizer: the caller is always known. */
export function apiHandler<B extends Schema = undefined, Q extends Schema = undefined, P extends Schema = undefined>(
  spec: HandlerSpec<B, Q, P, Principal>,
): ApiLambda {
  return build(spec as HandlerSpec<Schema, Schema, Schema, unknown>, true);
}

/** A handler for a public route (health, OpenAPI document). */
export function publicHandler<B extends Schema = undefined, Q extends Schema = undefined, P extends Schema = undefined>(
  spec: HandlerSpec<B, Q, P, undefined>,
): ApiLambda {
  return build(spec as HandlerSpec<Schema, Schema, Schema, unknown>, false);
}

// The chain reads top-down: context for logs, headers, size limit, who is calling, the body,
// then the use case; errors meet one responder at the end that decides what the client may see.
function build(spec: HandlerSpec<Schema, Schema, Schema, unknown>, authenticated: boolean): ApiLambda {
  const core = async (event: ApiEvent, context: Context): Promise<ApiResult> => {
    const principal = authenticated ? principalFromClaims(event.requestContext.authorizer?.jwt?.claims) : undefined;
    const body = parse(spec.body, event.body, 'body');
    const query = parse(spec.query, event.queryStringParameters ?? {}, 'query');
    const params = parse(spec.params, event.pathParameters ?? {}, 'path');
    const result = await spec.run({
      principal,
      body,
      query,
      params,
      headers: event.headers ?? {},
      requestId: context.awsRequestId,
    } as ApiRequest<Schema, Schema, Schema, unknown>);
    return toApiResult(result);
  };

  const chain = middy<ApiEvent, ApiResult>(core)
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(httpHeaderNormalizer())
    .use(bodySizeLimit())
    .use(errorResponder());
  if (spec.body) {
    // Content type is not required: curl users forget it, and the body is JSON or a 400 anyway.
    // (middy 6 honours the option; its type declarations do not list it.)
    chain.use(httpJsonBodyParser({ disableContentTypeCheck: true } as Parameters<typeof httpJsonBodyParser>[0]));
  }
  return chain as unknown as ApiLambda;
}

function parse(schema: z.ZodType | undefined, value: unknown, where: 'body' | 'query' | 'path'): unknown {
  if (!schema) return undefined;
  const result = schema.safeParse(value);
  if (!result.success) throw validationError(result.error, where);
  return result.data;
}
