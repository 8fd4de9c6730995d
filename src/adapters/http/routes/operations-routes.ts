// What operators and tooling read: liveness, readiness (503 until every dependency answers),
// Prometheus metrics (on this port only with a metrics token; otherwise they have a listener of
// their own, metrics-app.ts), the OpenAPI document of this API and any further documents (AsyncAPI).

import type Router from '@koa/router';
import type { Context } from 'koa';
import type { HttpDeps } from '../http-deps.js';
import { HttpError } from '../http-error.js';
import { bearerChecker } from '../middleware/bearer-token.js';
import { openApiDocument } from '../openapi.js';

type OperationsDeps = Pick<HttpDeps, 'health' | 'documents' | 'metricsToken'> & { readonly onError: (error: unknown, ctx: Context) => void };

export function operationsRoutes(router: Router, deps: OperationsDeps): void {
  router.get('/health/live', (ctx) => {
    const live = deps.health.isLive();
    ctx.status = live ? 200 : 503;
    ctx.body = { status: live ? 'UP' : 'DOWN' };
  });

  router.get('/health/ready', async (ctx) => {
    let readiness;
    try {
      readiness = await deps.health.readiness();
    } catch (error) {
      deps.onError(error, ctx);
      readiness = { ready: false, checks: {} };
    }
    ctx.status = readiness.ready ? 200 : 503;
    ctx.body = { status: readiness.ready ? 'UP' : 'DOWN', checks: readiness.checks };
  });

  if (deps.metricsToken !== undefined) {
    const check = bearerChecker(deps.metricsToken);
    router.get('/metrics', async (ctx) => {
      const verdict = check(ctx);
      if (verdict === 'missing') throw new HttpError(401, 'UNAUTHORIZED', 'metrics need an Authorization: Bearer <METRICS_TOKEN> header');
      if (verdict === 'wrong') throw new HttpError(403, 'FORBIDDEN', 'the metrics token is not valid');
      const text = await deps.health.metricsText();
      ctx.type = deps.health.metricsContentType;
      ctx.body = text;
    });
  }

  router.get('/openapi.json', (ctx) => {
    ctx.body = openApiDocument;
  });

  for (const [path, document] of Object.entries(deps.documents ?? {})) {
    router.get(path, (ctx) => {
      ctx.body = document;
    });
  }
}
