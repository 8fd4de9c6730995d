// What anyone can read from a running instance names no Node.js version: not the metrics, not a
// header, not a document or the page. (prom-client's default `nodejs_version_info` did.)

import { expect } from 'chai';
import { metricsHeaders, startTestService, type InProcessService } from '../support/service-harness.js';

describe('public surface of a running instance', function () {
  this.timeout(60_000);
  let svc: InProcessService;

  before(async () => {
    svc = await startTestService();
  });
  after(() => svc?.stop());

  const PUBLIC_GETS = ['/', '/app.js', '/app.css', '/metrics', '/openapi.json', '/asyncapi.json', '/health/live', '/health/ready', '/api/time',
    '/api/concerts/search', '/api/concerts/highlights', '/api/concerts/1/card', '/no/such/thing', '/socket.io/?EIO=4&transport=polling'];

  it('names no Node.js version in any answer, body or header', async () => {
    const version = process.versions.node;
    for (const target of PUBLIC_GETS) {
      const response = await fetch(`${svc.baseUrl}${target}`);
      const text = await response.text();
      expect(text, `${target} body`).not.to.include(version);
      expect(JSON.stringify([...response.headers]), `${target} headers`).not.to.include(version);
    }
    const metrics = await (await fetch(`${svc.baseUrl}/metrics`, { headers: metricsHeaders() })).text();
    expect(metrics).not.to.match(/^nodejs_version_info/m);
    expect(metrics, 'the other default metrics stay').to.match(/^nodejs_eventloop_lag_seconds /m);
  });

  it('serves no source map by default', async () => {
    expect((await fetch(`${svc.baseUrl}/app.js.map`)).status).to.equal(404);
    expect((await fetch(`${svc.baseUrl}/app.js`)).headers.get('sourcemap')).to.equal(null);
  });
});
