// Errors the HTTP adapter raises itself (bad input, auth, body problems): a status and a stable
// code, mapped to the error envelope by middleware/error-envelope.ts like the domain errors.

export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

export class HttpError extends Error {
  override readonly name = 'HttpError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** 400 VALIDATION_FAILED; the message names every offending field. */
export function validationFailed(problems: readonly FieldProblem[]): HttpError {
  const message = `Invalid request: ${problems.map((p) => p.message).join('; ')}`;
  return new HttpError(400, 'VALIDATION_FAILED', message, problems);
}

/**
 * The client hung up before its request was read. 499 is nginx's status for this: never sent (no
 * one is listening), it is what the request is recorded with, so no 5xx alert counts it.
 */
export const CLIENT_CLOSED_REQUEST = 499;

export function clientClosedRequest(): HttpError {
  return new HttpError(CLIENT_CLOSED_REQUEST, 'CLIENT_CLOSED_REQUEST', 'the client closed the connection before sending its whole request');
}
