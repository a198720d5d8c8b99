// Errors meant for the client carry their HTTP status and a stable code. Anything else is an
// internal error: logged, and answered with a generic 500 that reveals nothing.
export interface FieldIssue {
  readonly field: string;
  readonly message: string;
}

export class ClientError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields?: readonly FieldIssue[],
  ) {
    super(message);
    this.name = 'ClientError';
  }
}

export const badRequest = (message: string, fields?: readonly FieldIssue[]) =>
  new ClientError(400, 'bad_request', message, fields);
export const unauthorized = (message = 'A valid bearer token is required') =>
  new ClientError(401, 'unauthorized', message);
export const forbidden = (message = 'Your role does not allow this action') =>
  new ClientError(403, 'forbidden', message);
// "not yours" and "does not exist" are the same answer, so nobody can probe for others' cases.
export const notFound = (what = 'Resource') => new ClientError(404, 'not_found', `${what} not found`);
export const conflict = (message: string) => new ClientError(409, 'conflict', message);
export const payloadTooLarge = (limitBytes: number) =>
  new ClientError(413, 'payload_too_large', `The request body is larger than ${limitBytes} bytes`);
