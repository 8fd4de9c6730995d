// Metrics where only operators reach them: their own listener (METRICS_PORT), serving
// `GET /metrics` and nothing else, so the API port a load balancer publishes carries none of it.
// (On the API port, `/metrics` exists only behind METRICS_TOKEN: routes/operations-routes.ts.)

import { createServer, type Server } from 'node:http';
import type { HealthProbes } from './http-deps.js';

export function createMetricsServer(health: Pick<HealthProbes, 'metricsText' | 'metricsContentType'>, onError: (error: unknown) => void): Server {
  return createServer((request, response) => {
    const path = request.url?.split('?')[0];
    if (path !== '/metrics' || (request.method !== 'GET' && request.method !== 'HEAD')) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
      return;
    }
    health.metricsText().then(
      (text) => response.writeHead(200, { 'content-type': health.metricsContentType, 'cache-control': 'no-store' }).end(request.method === 'HEAD' ? undefined : text),
      (error: unknown) => {
        onError(error);
        response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('metrics unavailable\n');
      },
    );
  });
}
