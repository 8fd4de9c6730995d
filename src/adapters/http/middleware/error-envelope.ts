// The one place errors become HTTP: the use cases' named failures, the adapter's own HttpErrors and
// anything unexpected are mapped to `{"error": {code, message, details?}}`. A dependency that cannot
// be reached is a 503; unexpected errors are a generic 500. Both go to the injected onError hook and
// never reach the client with a stack trace.

import type { Context, Middleware } from 'koa';
import { ConcertNotFound, DependencyUnavailable, InvalidConcert, SaleNotOpen, SeatsUnavailable } from '../../../application/ports/inbound/errors.js';
import type { ErrorResponse } from '../../../contract/wire.js';
import { HttpError } from '../http-error.js';

export interface ErrorHooks {
  readonly onError: (error: unknown, ctx: Context) => void;
}

/** Statuses the router or the static handler leave without a body, given their envelope here. */
const BODYLESS: Record<number, { code: string; message: string }> = {
  404: { code: 'NOT_FOUND', message: 'no such resource' },
  405: { code: 'METHOD_NOT_ALLOWED', message: 'method not allowed on this resource' },
  501: { code: 'NOT_IMPLEMENTED', message: 'method not implemented' },
};

export function errorEnvelope(hooks: ErrorHooks): Middleware {
  return async (ctx, next) => {
    try {
      await next();
      const bodyless = BODYLESS[ctx.status];
      if (bodyless && ctx.body == null) respond(ctx, new HttpError(ctx.status, bodyless.code, bodyless.message));
    } catch (error) {
      const mapped = toHttpError(error);
      if (mapped.status >= 500) hooks.onError(error, ctx);
      respond(ctx, mapped);
    }
  };
}

function toHttpError(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  if (error instanceof ConcertNotFound) {
    return new HttpError(404, 'CONCERT_NOT_FOUND', error.message, { id: error.concertId });
  }
  if (error instanceof SaleNotOpen) {
    return new HttpError(409, 'SALE_NOT_OPEN', error.message, { saleStatus: error.saleStatus });
  }
  if (error instanceof SeatsUnavailable) {
    return new HttpError(409, 'SEATS_UNAVAILABLE', error.message, {
      requested: error.requested,
      available: error.available,
    });
  }
  if (error instanceof InvalidConcert) {
    return new HttpError(400, 'VALIDATION_FAILED', `Invalid request: ${error.message}`, [
      { field: error.field, message: error.message },
    ]);
  }
  if (error instanceof DependencyUnavailable) {
    return new HttpError(503, 'UNAVAILABLE', 'a backing service is unavailable, retry shortly');
  }
  return new HttpError(500, 'INTERNAL', 'internal server error');
}

function respond(ctx: Context, error: HttpError): void {
  const envelope: ErrorResponse = {
    error: { code: error.code, message: error.message, ...(error.details === undefined ? {} : { details: error.details }) },
  };
  ctx.status = error.status;
  ctx.body = envelope;
  if (error.status === 401) ctx.set('WWW-Authenticate', 'Bearer');
}
