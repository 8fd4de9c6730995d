// Issue 13.10 on the real service and PostgreSQL, restarting "instances" on one database:
// restarting with REALTIME_MODE=polling serves polling (it used to keep websocket); the admin API
// overrides it until the configuration changes; GET /api/admin/realtime tells the mode in force,
// its source and when, as an instant of the application's clock (a test clock here, which
// PostgreSQL's now() could not produce).

import { expect } from 'chai';
import { loadConfig } from '../../src/bootstrap/config.js';
import { startService, type RunningService } from '../../src/bootstrap/service.js';
import { AdjustableClock } from '../support/adjustable-clock.js';
import { adminHeaders, TEST_ADMIN_TOKEN, uniquePrefix } from '../support/service-harness.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const T0 = Date.UTC(2031, 4, 1, 9, 0, 0, 250);

describe('REALTIME_MODE as a rollout', function () {
  this.timeout(60_000);
  let database: TestDatabase;
  let running: RunningService | null = null;
  const clock = new AdjustableClock(T0);
  const prefix = uniquePrefix();

  before(async () => {
    database = await createTestDatabase();
  });
  after(async () => {
    await running?.stop();
    await database?.drop();
  });

  async function deploy(env: Record<string, string>): Promise<RunningService> {
    await running?.stop();
    const config = loadConfig({ PORT: '0', METRICS_PORT: 'off', DATABASE_URL: database.url, ADMIN_TOKEN: TEST_ADMIN_TOKEN, LOG_LEVEL: 'silent', DEMO_SEED: 'false', REDIS_KEY_PREFIX: prefix, ...env });
    running = await startService(config, { clock, logDestination: { write: () => undefined } });
    return running;
  }
  const status = async (svc: RunningService) => {
    const response = await fetch(`${svc.url}/api/admin/realtime`, { headers: adminHeaders() });
    expect(response.status).to.equal(200);
    return (await response.json()) as Record<string, unknown>;
  };
  const served = async (svc: RunningService) => ((await (await fetch(`${svc.url}/api/concerts/search?size=1`)).json()) as { realtimeMode: string }).realtimeMode;

  it('serves the configured mode after a deploy that changes it, the admin override until the next such deploy', async () => {
    let svc = await deploy({ REALTIME_MODE: 'websocket' });
    expect(await status(svc)).to.deep.equal({
      realtimeMode: 'websocket',
      hybridPollIntervalMillis: 30_000,
      source: 'configuration',
      changedAt: new Date(T0).toISOString(),
      changedAtEpochMs: T0,
      configured: { realtimeMode: 'websocket', hybridPollIntervalMillis: 30_000 },
    });

    clock.advance(60_000);
    svc = await deploy({ REALTIME_MODE: 'polling', HYBRID_POLL_INTERVAL_MS: '5000' });
    expect(await served(svc), 'restarted with REALTIME_MODE=polling').to.equal('polling');
    expect(await status(svc)).to.include({ source: 'configuration', changedAtEpochMs: T0 + 60_000 });

    clock.advance(60_000);
    const put = await fetch(`${svc.url}/api/admin/realtime`, { method: 'PUT', headers: adminHeaders(), body: JSON.stringify({ mode: 'hybrid', hybridPollIntervalMillis: 10_000 }) });
    expect(put.status).to.equal(200);
    expect(await status(svc)).to.deep.equal({
      realtimeMode: 'hybrid',
      hybridPollIntervalMillis: 10_000,
      source: 'admin',
      changedAt: new Date(T0 + 120_000).toISOString(),
      changedAtEpochMs: T0 + 120_000,
      configured: { realtimeMode: 'polling', hybridPollIntervalMillis: 5_000 },
    });

    clock.advance(60_000);
    svc = await deploy({ REALTIME_MODE: 'polling', HYBRID_POLL_INTERVAL_MS: '5000' });
    expect(await served(svc), 'a restart with unchanged configuration keeps the override').to.equal('hybrid');
    expect(await status(svc)).to.include({ source: 'admin', changedAtEpochMs: T0 + 120_000 });

    clock.advance(60_000);
    svc = await deploy({ REALTIME_MODE: 'websocket' });
    expect(await served(svc), 'a changed configuration wins again').to.equal('websocket');
    expect(await status(svc)).to.include({ source: 'configuration', changedAtEpochMs: T0 + 240_000 });
  });

  it('answers GET /api/admin/realtime only with the admin token', async () => {
    const svc = running as unknown as RunningService;
    expect((await fetch(`${svc.url}/api/admin/realtime`)).status).to.equal(401);
    expect((await fetch(`${svc.url}/api/admin/realtime`, { headers: { authorization: 'Bearer wrong-token-wrong-token' } })).status).to.equal(403);
  });
});
