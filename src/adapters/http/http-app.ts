// The HTTP inbound adapter assembled: one Koa app whose middleware order is the policy —
// timing outermost (it sees the final status), then headers and CORS (on every answer, errors
// included), then the error envelope around routing, static files and the not-found fallback.

import Router from '@koa/router';
import Koa, { type Context } from 'koa';
import { clientAddressOf, normalised } from './client-address.js';
import type { HttpDeps } from './http-deps.js';
import { adminAuth } from './middleware/admin-auth.js';
import { DEFAULT_BODY_LIMIT_BYTES, jsonBody } from './middleware/json-body.js';
import { ClientRateLimit, perClientLimit } from './middleware/rate-limit.js';
import { requestFrame } from './middleware/request-frame.js';
import { routeOf } from './middleware/request-timing.js';
import { staticFiles } from './middleware/static-files.js';
import { adminRoutes } from './routes/admin-routes.js';
import { concertRoutes } from './routes/concert-routes.js';
import { operationsRoutes } from './routes/operations-routes.js';

export function createHttpApp(deps: HttpDeps): Koa {
  const onError = deps.onError ?? (() => undefined);
  const onAborted = deps.onAborted ?? (() => undefined);
  const body = jsonBody(deps.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES);
  const trusted = new Set((deps.trustedProxies ?? []).map(normalised));
  const clientOf = (ctx: Context) => clientAddressOf(ctx.req, trusted);
  const reservations = new ClientRateLimit(deps.reservationsPerMinute ?? 0, deps.clock);
  const adminFailures = new ClientRateLimit(deps.adminAuthFailuresPerMinute ?? 0, deps.clock);
  const onAdminAuthFailed = deps.onAdminAuthFailed ?? (() => undefined);

  // Exact paths only: `/METRICS` or `/metrics/` reaching the `/metrics` handler would let a client
  // walk around a proxy rule written for the one spelling (`location = /metrics`).
  const router = new Router({ strict: true, sensitive: true });
  concertRoutes(router, deps, body, perClientLimit(reservations, clientOf, 'reservations'));
  const auth = adminAuth(deps.adminToken, { failures: adminFailures, clientOf, onFailure: (client, reason, ctx) => onAdminAuthFailed(client, reason, routeOf(ctx), ctx.method) });
  adminRoutes(router, deps, auth, body);
  operationsRoutes(router, {
    health: deps.health,
    onError,
    ...(deps.documents ? { documents: deps.documents } : {}),
    ...(deps.metricsToken !== undefined ? { metricsToken: deps.metricsToken } : {}),
  });

  const app = new Koa();
  app.silent = true;
  // Timing, security headers, CORS and the error envelope, in that order (request-frame.ts).
  app.use(requestFrame({ ...(deps.onRequest ? { observe: deps.onRequest } : {}), corsOrigins: deps.corsOrigins ?? [], hooks: { onError, onAborted } }));
  app.use(router.allowedMethods());
  app.use(router.routes());
  if (deps.staticDir !== undefined) app.use(staticFiles(deps.staticDir, { serveSourceMaps: deps.serveSourceMaps ?? false }));
  return app;
}
