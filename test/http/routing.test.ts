// Routing is exact: case-sensitive, and a trailing slash is a different path. A proxy rule such as
// `location = /metrics` or `location /api/admin/` then means what it says, because no other
// spelling of the same path reaches the same handler.

import { expect } from 'chai';
import { adminHeaders, fakeDeps, METRICS_TOKEN, startApp, type ErrorBody, type RunningApp } from './http-fixture.js';

describe('HTTP routing is strict and case-sensitive', () => {
  let app: RunningApp;
  let calls: ReturnType<typeof fakeDeps>['calls'];

  beforeEach(async () => {
    const fake = fakeDeps();
    calls = fake.calls;
    app = await startApp(fake.deps);
  });
  afterEach(() => app.close());

  const otherSpellings: [string, string][] = [
    ['GET', '/METRICS'],
    ['GET', '/Metrics'],
    ['GET', '/metrics/'],
    ['GET', '/Health/Ready'],
    ['GET', '/health/live/'],
    ['GET', '/API/concerts/search'],
    ['GET', '/api/concerts/search/'],
    ['GET', '/api/concerts/7/CARD'],
    ['GET', '/api/concerts/7/card/'],
    ['GET', '/openapi.json/'],
    ['GET', '/OPENAPI.JSON'],
    ['POST', '/api/concerts/7/reservations/'],
    ['POST', '/API/ADMIN/CONCERTS'],
    ['PUT', '/API/ADMIN/REALTIME'],
    ['PUT', '/api/admin/realtime/'],
    ['DELETE', '/api/admin/concerts/7/'],
    ['DELETE', '/Api/Admin/Concerts/7'],
  ];
  for (const [method, path] of otherSpellings) {
    it(`answers ${method} ${path} with 404 NOT_FOUND and runs nothing`, async () => {
      const body = method === 'GET' || method === 'DELETE' ? undefined : JSON.stringify({ mode: 'polling', hybridPollIntervalMillis: 5000, quantity: 1, title: 'T', artistName: 'A', totalSeatCount: 1 });
      const response = await fetch(`${app.url}${path}`, { method, headers: adminHeaders(), ...(body ? { body } : {}) });
      expect(response.status).to.equal(404);
      expect(((await response.json()) as ErrorBody).error.code).to.equal('NOT_FOUND');
      expect([calls.search, calls.getCard, calls.create, calls.update, calls.remove, calls.reserve, calls.realtime].flat()).to.deep.equal([]);
    });
  }

  it('still serves the exact spellings', async () => {
    expect((await fetch(`${app.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).status).to.equal(200);
    expect((await fetch(`${app.url}/api/concerts/7/card`)).status).to.equal(200);
    const put = await fetch(`${app.url}/api/admin/realtime`, { method: 'PUT', headers: adminHeaders(), body: JSON.stringify({ mode: 'polling', hybridPollIntervalMillis: 5000 }) });
    expect(put.status).to.equal(200);
    expect(calls.realtime).to.have.length(1);
  });
});
