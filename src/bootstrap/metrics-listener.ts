// The metrics listener (METRICS_PORT): the HTTP adapter's metrics-only server on its own port and
// address, which the load balancer never publishes. Resolves once it listens.

import type { Logger } from 'pino';
import { createMetricsServer } from '../adapters/http/metrics-app.js';
import type { Telemetry } from '../adapters/observability/telemetry.js';

export interface MetricsListener {
  /** Its `/metrics` URL. */
  readonly url: string;
  close(): Promise<void>;
}

export async function listenForMetrics(port: number, host: string, telemetry: Telemetry, log: Logger): Promise<MetricsListener> {
  const server = createMetricsServer({ metricsText: async () => (await telemetry.metricsText()).body, metricsContentType: telemetry.registry.contentType }, (error) =>
    log.error({ err: error }, 'metrics scrape failed'),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  const bound = typeof address === 'object' && address ? address.port : port;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${bound}/metrics`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}
