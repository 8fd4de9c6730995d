// What an operator reads and what an abuser meets, on one real instance: /metrics after a real
// transition (published events by reason, the lag histogram, HTTP latency by route template,
// connected sockets, job runs), the per-socket time:sync rate limit, the connection cap with its
// clear refusal, the CORS allowlist on HTTP and on the Socket.IO handshake, and admin refused
// without a valid token in every realtime mode.

import { expect } from 'chai';
import type { Socket } from 'socket.io-client';
import { eventually, sleep } from '../live/live-probe.js';
import { adminHeaders, createConcert, metricsHeaders, startTestService, type InProcessService } from '../support/service-harness.js';
import { connected, labelValues, metricValue, rawClient, report, scrape, tryFetch } from './ops-support.js';

const MAX_CONNECTIONS = 5;
const ALLOWED_ORIGIN = 'http://tickets.example';
const TIME_SYNC_PER_SECOND = 20; // LIVE_GATEWAY_DEFAULTS.timeSyncPerSecond

describe('Operations: metrics, abuse limits, CORS and admin guard', function () {
  this.timeout(60_000);
  let svc: InProcessService;
  let base: string;
  const sockets: Socket[] = [];

  const open = async () => {
    const client = rawClient(base);
    sockets.push(client.socket);
    await connected(client.socket);
    return client;
  };

  before(async () => {
    svc = await startTestService({
      // The outbox gauges are read every METRICS_REFRESH_MS; 100 ms keeps them current within the test.
      env: { RECONCILE_EVERY_MS: '500', HEARTBEAT_EVERY_MS: '1000', MAX_CONNECTIONS: String(MAX_CONNECTIONS), CORS_ORIGINS: ALLOWED_ORIGIN, METRICS_REFRESH_MS: '100' },
    });
    base = svc.baseUrl;
  });

  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.disconnect();
    await sleep(100);
  });

  after(async () => {
    await svc?.stop();
  });

  it('shows a transition in /metrics: published by reason, lag sampled, route templates, sockets, job runs', async () => {
    const listener = await open();
    const second = await open();
    const openAt = Date.now() + 1_500;
    const concert = await createConcert(base, { title: 'Metered', artistName: 'Prom', totalSeatCount: 3, generalSaleStartAt: new Date(openAt).toISOString() });
    await eventually('the transition', () => listener.refreshes.some((e) => e.reason === 'SALE_STATUS_TRANSITION'), 5_000);
    expect((await tryFetch(`${base}/api/concerts/${concert.id}/card`)).status).to.equal(200);
    expect((await tryFetch(`${base}/api/concerts/999999/card`)).status).to.equal(404);
    await eventually('a reconcile run counted', async () => metricValue(await scrape(base), 'scheduler_job_runs_total', { job: 'live-reconcile', outcome: 'ok' }) > 0, 5_000, 100);

    const response = await fetch(`${base}/metrics`, { headers: metricsHeaders() });
    expect(response.headers.get('content-type')).to.match(/^text\/plain/);
    const text = await response.text();
    expect(metricValue(text, 'live_events_published_total', { reason: 'SALE_STATUS_TRANSITION' })).to.be.at.least(1);
    expect(metricValue(text, 'live_events_published_total', { reason: 'CONCERT_UPDATED' })).to.be.at.least(1);
    expect(metricValue(text, 'live_transition_lag_seconds_count')).to.be.at.least(1);
    const lagSeconds = metricValue(text, 'live_transition_lag_seconds_sum') / metricValue(text, 'live_transition_lag_seconds_count');
    expect(lagSeconds, 'mean transition lag (s)').to.be.within(0, 1);
    expect(metricValue(text, 'live_events_emitted_total', { instance: svc.service.instanceId, resent: 'false' })).to.be.at.least(2);
    const routes = labelValues(text, 'http_request_duration_seconds_count', 'route');
    expect(routes).to.include('/api/concerts/:id/card');
    expect(routes).to.include('/api/admin/concerts');
    expect(routes.some((route) => /\d{4,}/.test(route)), `raw ids in route labels: ${routes.join(' ')}`).to.equal(false);
    expect(metricValue(text, 'http_request_duration_seconds_count', { route: '/api/concerts/:id/card', method: 'GET', status: '404' })).to.equal(1);
    expect(metricValue(text, 'realtime_connected_sockets')).to.equal(2);
    expect(metricValue(text, 'live_outbox_backlog')).to.equal(0);
    expect(metricValue(text, 'live_outbox_oldest_unsent_age_seconds')).to.equal(0);
    expect(metricValue(text, 'scheduler_job_runs_total', { job: 'card-boundary', outcome: 'ok' })).to.be.at.least(1);
    expect(metricValue(text, 'process_cpu_seconds_total')).to.be.above(0);

    second.socket.disconnect();
    await eventually('the socket gauge follows', async () => metricValue(await scrape(base), 'realtime_connected_sockets') === 1, 2_000, 50);
    report('metrics', { transitionLagMs: lagSeconds * 1_000 });
  });

  it(`answers at most ${TIME_SYNC_PER_SECOND} time:sync calls per second per socket, then silence`, async () => {
    const { socket } = await open();
    const before = metricValue(await scrape(base), 'realtime_time_sync_requests_total');
    const asks = Array.from({ length: 60 }, () => socket.timeout(1_000).emitWithAck('time:sync', Date.now()).then(() => true, () => false));
    const answered = (await Promise.all(asks)).filter(Boolean).length;
    expect(answered, 'acks within one second window').to.equal(TIME_SYNC_PER_SECOND);
    const after = metricValue(await scrape(base), 'realtime_time_sync_requests_total');
    expect(after - (Number.isNaN(before) ? 0 : before), 'answered requests counted').to.equal(TIME_SYNC_PER_SECOND);
    // Malformed calls get no answer either, and do not cost the socket its connection.
    const malformed = await socket.timeout(300).emitWithAck('time:sync', 'yesterday').then(() => 'answered', () => 'silent');
    expect(malformed).to.equal('silent');
    await sleep(1_100);
    const next = await socket.timeout(1_000).emitWithAck('time:sync', Date.now());
    expect(next, 'a new window answers again').to.have.property('serverNowEpochMs');
  });

  it(`refuses connection ${MAX_CONNECTIONS + 1} with "instance at capacity" and accepts again once one leaves`, async () => {
    await eventually('no sockets left from earlier tests', async () => metricValue(await scrape(base), 'realtime_connected_sockets') === 0, 3_000, 50);
    const clients = [];
    for (let i = 0; i < MAX_CONNECTIONS; i += 1) clients.push(await open());
    const extra = rawClient(base);
    sockets.push(extra.socket);
    const refusal = await connected(extra.socket).then(() => null, (error: Error) => error.message);
    expect(refusal).to.equal('instance at capacity');
    clients[0]!.socket.disconnect();
    await sleep(200);
    const another = await open();
    expect(another.socket.connected).to.equal(true);
  });

  it('gives CORS access only to listed origins, on HTTP and on the Socket.IO handshake', async () => {
    for (const path of ['/api/time', '/api/concerts/search', '/socket.io/?EIO=4&transport=polling']) {
      const listed = await fetch(`${base}${path}`, { headers: { origin: ALLOWED_ORIGIN } });
      expect(listed.headers.get('access-control-allow-origin'), `${path} from a listed origin`).to.equal(ALLOWED_ORIGIN);
      const unlisted = await fetch(`${base}${path}`, { headers: { origin: 'https://evil.example' } });
      expect(unlisted.headers.get('access-control-allow-origin'), `${path} from an unlisted origin`).to.equal(null);
    }
    const preflight = await fetch(`${base}/api/admin/concerts`, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    expect(preflight.headers.get('access-control-allow-origin')).to.equal(null);
    expect(preflight.headers.get('access-control-allow-methods')).to.equal(null);
    const card = await fetch(`${base}/api/time`);
    expect(card.headers.get('x-content-type-options')).to.equal('nosniff');
  });

  for (const mode of ['websocket', 'hybrid', 'polling'] as const) {
    it(`refuses admin calls without a valid token in ${mode} mode (401 without, 403 wrong)`, async () => {
      const switched = await tryFetch(`${base}/api/admin/realtime`, { method: 'PUT', headers: adminHeaders(), body: JSON.stringify({ mode, hybridPollIntervalMillis: 5_000 }) });
      expect(switched.status, switched.body).to.equal(200);
      const body = JSON.stringify({ title: 'Sneaky', artistName: 'Nobody', totalSeatCount: 1 });
      const calls: [string, string, string | undefined][] = [
        ['POST', '/api/admin/concerts', body],
        ['PUT', '/api/admin/concerts/1', body],
        ['DELETE', '/api/admin/concerts/1', undefined],
        ['PUT', '/api/admin/realtime', JSON.stringify({ mode: 'polling', hybridPollIntervalMillis: 1_000 })],
      ];
      for (const [method, path, payload] of calls) {
        for (const [authorization, status, code] of [[undefined, 401, 'UNAUTHORIZED'], ['Bearer not-the-token-at-all', 403, 'FORBIDDEN'], ['Basic YWRtaW46YWRtaW4=', 401, 'UNAUTHORIZED']] as const) {
          const headers: Record<string, string> = { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) };
          const answer = await tryFetch(`${base}${path}`, { method, headers, ...(payload ? { body: payload } : {}) });
          expect(answer.status, `${method} ${path} with ${authorization ?? 'no token'} in ${mode}`).to.equal(status);
          expect(JSON.parse(answer.body).error.code).to.equal(code);
        }
      }
      const settings = JSON.parse((await tryFetch(`${base}/api/concerts/search?size=1`)).body) as { realtimeMode: string };
      expect(settings.realtimeMode, 'mode unchanged by refused calls').to.equal(mode);
    });
  }

  it('back to websocket mode', async () => {
    const switched = await tryFetch(`${base}/api/admin/realtime`, { method: 'PUT', headers: adminHeaders(), body: JSON.stringify({ mode: 'websocket', hybridPollIntervalMillis: 30_000 }) });
    expect(switched.status).to.equal(200);
  });
});
