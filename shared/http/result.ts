import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

export interface HttpResult {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** A body sent as is, not as JSON (e.g. OpenMetrics text); give its content-type in `headers`. */
  readonly rawBody?: string;
}

export function toApiResult(result: HttpResult): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: result.status,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      // Case data is personal: no shared cache may keep it.
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      ...result.headers,
    },
    body: result.rawBody ?? (result.body === undefined ? '' : JSON.stringify(result.body)),
  };
}
