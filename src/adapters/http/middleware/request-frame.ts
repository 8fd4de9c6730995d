// The four steps every request goes through before routing, as one middleware: timing (outermost:
// it sees the final status), security headers, CORS (both on every answer, errors included), then
// the error envelope around the rest. The same order and the same code as requestTiming,
// securityHeaders, cors and errorEnvelope stacked, without three of the four async layers (a
// dispatch, a promise and a closure each, per request).

import type { Middleware } from 'koa';
import { corsPolicy } from './cors.js';
import { envelopeSteps, type ErrorHooks } from './error-envelope.js';
import { routeOf, type RequestObserver } from './request-timing.js';
import { setSecurityHeaders } from './security-headers.js';

export interface FrameOptions {
  /** Called once per request with the route template, method, final status and duration; absent: not timed. */
  readonly observe?: RequestObserver;
  readonly corsOrigins: readonly string[];
  readonly hooks: ErrorHooks;
}

export function requestFrame(options: FrameOptions): Middleware {
  const { observe } = options;
  const answeredByCors = corsPolicy(options.corsOrigins);
  const envelope = envelopeSteps(options.hooks);
  return async (ctx, next) => {
    const started = observe === undefined ? 0 : performance.now();
    try {
      setSecurityHeaders(ctx.res);
      if (answeredByCors(ctx)) return;
      try {
        await next();
        envelope.answered(ctx);
      } catch (error) {
        envelope.failed(ctx, error);
      }
    } finally {
      if (observe !== undefined) observe(routeOf(ctx), ctx.method, ctx.status, performance.now() - started);
    }
  };
}
