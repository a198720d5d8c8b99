import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { payloadTooLarge } from '../errors.js';

export const MAX_BODY_BYTES = 256 * 1024;

/** Refuses oversized bodies before anything parses them (API Gateway itself allows 10 MB). */
export function bodySizeLimit(limitBytes = MAX_BODY_BYTES): MiddlewareObj<APIGatewayProxyEventV2> {
  return {
    before: ({ event }) => {
      if (!event.body) return;
      const bytes = event.isBase64Encoded
        ? Math.floor((event.body.length * 3) / 4)
        : Buffer.byteLength(event.body, 'utf8');
      if (bytes > limitBytes) throw payloadTooLarge(limitBytes);
    },
  };
}
