// The one place errors become HTTP: the use cases' named failures, the adapter's own HttpErrors and
// anything unexpected are mapped to `{"error": {code, message, details?}}`. A dependency that cannot
// be reached is a 503; unexpected errors are a generic 500. Both go to the injected onError hook and
// never reach the client with a stack trace. A client that hung up is classified first, before any
// of that: it is status 499 and the onAborted hook, never onError nor a 503.

import type { Context, Middleware } from 'koa';
import { ConcertNotFound, DependencyUnavailable, IdempotencyKeyReused, InvalidConcert, SaleNotOpen, SeatsUnavailable } from '../../../application/ports/inbound/errors.js';
import type { ErrorResponse } from '../../../contract/wire.js';
import { CLIENT_CLOSED_REQUEST, clientClosedRequest, HttpError } from '../http-error.js';
import { routeOf } from './request-timing.js';

export interface ErrorHooks {
  readonly onError: (error: unknown, ctx: Context) => void;
  readonly onAborted: (route: string, method: string) => void;
}

/** Statuses the router or the static handler leave without a body, given their envelope here. */
const BODYLESS: Record<number, { code: string; message: string }> = {
  404: { code: 'NOT_FOUND', message: 'no such resource' },
  405: { code: 'METHOD_NOT_ALLOWED', message: 'method not allowed on this resource' },
  501: { code: 'NOT_IMPLEMENTED', message: 'method not implemented' },
};

export function errorEnvelope(hooks: ErrorHooks): Middleware {
  const envelope = envelopeSteps(hooks);
  return async (ctx, next) => {
    try {
      await next();
      envelope.answered(ctx);
    } catch (error) {
      envelope.failed(ctx, error);
    }
  };
}

/** The envelope's two halves, for a middleware that runs the rest itself (request-frame.ts). */
export interface EnvelopeSteps {
  /** After the rest answered: a bodyless 404/405/501 gets its envelope. */
  answered(ctx: Context): void;
  /** The rest threw: the error becomes its envelope (or the abort its 499). */
  failed(ctx: Context, error: unknown): void;
}

export function envelopeSteps(hooks: ErrorHooks): EnvelopeSteps {
  return {
    answered: (ctx) => {
      const bodyless = BODYLESS[ctx.status];
      if (bodyless && ctx.body == null) respond(ctx, new HttpError(ctx.status, bodyless.code, bodyless.message));
    },
    failed: (ctx, error) => {
      if (isClientAbort(error, ctx)) {
        hooks.onAborted(routeOf(ctx), ctx.method);
        respond(ctx, clientClosedRequest()); // sets the status the request is recorded with; Koa writes nothing to a closed socket
        return;
      }
      const mapped = toHttpError(error);
      if (mapped.status >= 500) hooks.onError(error, ctx);
      respond(ctx, mapped);
    },
  };
}

/** The body reader's verdict, or the request stream's own error surfacing from anywhere else. */
function isClientAbort(error: unknown, ctx: Context): boolean {
  if (error instanceof HttpError) return error.status === CLIENT_CLOSED_REQUEST;
  return error != null && ctx.req.errored === error;
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
  if (error instanceof IdempotencyKeyReused) {
    return new HttpError(422, 'IDEMPOTENCY_KEY_REUSED', error.message);
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
  if (error.status === 429) ctx.set('Retry-After', String((error.details as { retryAfterSeconds: number }).retryAfterSeconds));
}
