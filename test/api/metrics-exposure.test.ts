// /metrics is not public on the API port (issue 13.6): by default it is served on a listener of its
// own (METRICS_PORT), and on the API port only behind METRICS_TOKEN.

import { expect } from 'chai';
import { startTestService, type InProcessService } from '../support/service-harness.js';

const TOKEN = 'metrics-token-for-this-test-42';

describe('where /metrics is served', function () {
  this.timeout(60_000);
  const running: InProcessService[] = [];
  after(async () => {
    for (const svc of running) await svc.stop();
  });

  it('by default: on its own listener only, never on the API port', async () => {
    // METRICS_PORT 0: the default listener, on a free port so tests may run side by side.
    const svc = await startTestService({ env: { METRICS_PORT: '0', METRICS_TOKEN: '' } });
    running.push(svc);
    const onApi = await fetch(`${svc.baseUrl}/metrics`);
    expect(onApi.status).to.equal(404);
    expect((await onApi.json()) as unknown).to.deep.equal({ error: { code: 'NOT_FOUND', message: 'no such resource' } });
    expect(svc.service.metricsUrl).to.match(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    const own = await fetch(svc.service.metricsUrl as string);
    expect(own.status).to.equal(200);
    expect(await own.text()).to.match(/^live_outbox_backlog 0$/m);
    const elsewhere = await fetch((svc.service.metricsUrl as string).replace('/metrics', '/api/time'));
    expect(elsewhere.status, 'the metrics listener serves nothing else').to.equal(404);
  });

  it('with METRICS_TOKEN and METRICS_PORT=off: on the API port behind the token', async () => {
    const svc = await startTestService({ env: { METRICS_PORT: 'off', METRICS_TOKEN: TOKEN } });
    running.push(svc);
    expect(svc.service.metricsUrl).to.equal(null);
    expect((await fetch(`${svc.baseUrl}/metrics`)).status).to.equal(401);
    expect((await fetch(`${svc.baseUrl}/metrics`, { headers: { authorization: 'Bearer not-the-metrics-token' } })).status).to.equal(403);
    const allowed = await fetch(`${svc.baseUrl}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(allowed.status).to.equal(200);
    expect(await allowed.text()).to.match(/^http_request_duration_seconds_count\{route="\/metrics",method="GET",status="403"\} 1$/m);
  });
});
