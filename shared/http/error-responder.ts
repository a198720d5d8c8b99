import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { ClientError } from '../errors.js';
import { DecisionError } from '../rules/decision-error.js';
import { logger } from '../observability/logger.js';
import { toApiResult } from './result.js';

interface HttpErrorLike {
  statusCode: number;
  expose?: boolean;
  message: string;
}

const isHttpError = (error: unknown): error is HttpErrorLike =>
  typeof error === 'object' && error !== null && typeof (error as HttpErrorLike).statusCode === 'number';

/**
 * The last word on every failure: client errors keep their status, code and field list; middy's
 * own HTTP errors (bad JSON) are put in the same shape; anything else becomes a bare 500 so that
 * no stack trace, table name or SDK message ever reaches a client.
 */
export function errorResponder(): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> {
  return {
    onError: (request) => {
      const { error } = request;
      if (error instanceof ClientError) {
        logger.info('request refused', { status: error.status, code: error.code });
        request.response = toApiResult({
          status: error.status,
          body: { error: { code: error.code, message: error.message, ...(error.fields ? { fields: error.fields } : {}) } },
        });
        return;
      }
      if (error instanceof DecisionError) {
        // A published table that cannot decide for these facts (two rules match under UNIQUE...):
        // the request is refused, nothing is written, and the rules at fault are named.
        logger.warn('decision failed', { code: error.code, ruleIds: error.ruleIds });
        request.response = toApiResult({
          status: 422,
          body: { error: { code: 'decision_failed', message: error.message, fields: error.ruleIds.map((id) => ({ field: `rule ${id}`, message: error.code })) } },
        });
        return;
      }
      if (isHttpError(error) && error.statusCode < 500) {
        // The JSON body parser refuses an unparsable or missing body (415 in middy 6, 422 in 7; with
        // the content type not checked that is its only refusal): for us a 400 on the body itself.
        const malformed = (error as { cause?: { package?: string } }).cause?.package === '@middy/http-json-body-parser' || error.statusCode === 422;
        const status = malformed ? 400 : error.statusCode;
        logger.info('request refused', { status });
        request.response = toApiResult({
          status,
          body: {
            error: {
              code: malformed ? 'malformed_json' : 'bad_request',
              message: malformed ? 'The body is not valid JSON' : error.message,
              ...(malformed ? { fields: [{ field: 'body', message: 'not valid JSON' }] } : {}),
            },
          },
        });
        return;
      }
      logger.error('request failed', { errorName: (error as Error | undefined)?.name, error: error as Error });
      request.response = toApiResult({
        status: 500,
        body: { error: { code: 'internal_error', message: 'Something went wrong on our side; please retry later' } },
      });
    },
  };
}
