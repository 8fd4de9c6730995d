// Issue 13.4 on the real service and PostgreSQL: the same Idempotency-Key sent five times (at once
// and one after another) books once; 300 concurrent reservations from one client get the
// per-client limit and no more; failed admin authentications are logged at warn with the client's
// address and no token material, and are limited too.

import { expect } from 'chai';
import { loadConfig } from '../../src/bootstrap/config.js';
import { startService, type RunningService } from '../../src/bootstrap/service.js';
import { adminHeaders, createConcert, TEST_ADMIN_TOKEN, uniquePrefix } from '../support/service-harness.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const PER_MINUTE = 30;

describe('reservations and admin calls under abuse', function () {
  this.timeout(60_000);
  let database: TestDatabase;
  let svc: RunningService;
  const lines: { level: number; msg: string; [key: string]: unknown }[] = [];

  before(async () => {
    database = await createTestDatabase();
    const config = loadConfig({
      PORT: '0',
      METRICS_PORT: 'off',
      DATABASE_URL: database.url,
      ADMIN_TOKEN: TEST_ADMIN_TOKEN,
      LOG_LEVEL: 'info',
      DEMO_SEED: 'false',
      REDIS_KEY_PREFIX: uniquePrefix(),
      RESERVATION_RATE_LIMIT_PER_MINUTE: String(PER_MINUTE),
      ADMIN_AUTH_FAILURES_PER_MINUTE: '5',
      INVENTORY_COALESCE_MS: '0',
    });
    svc = await startService(config, { logDestination: { write: (line) => void lines.push(JSON.parse(line) as (typeof lines)[number]) } });
  });

  after(async () => {
    await svc?.stop();
    await database?.drop();
  });

  const opened = () => new Date(Date.now() - 60_000).toISOString();
  const seatsLeft = async (id: number) => ((await (await fetch(`${svc.url}/api/concerts/${id}/card`)).json()) as { card: { availableSeatCount: number } }).card.availableSeatCount;
  const reserve = (id: number, quantity: number, key?: string) =>
    fetch(`${svc.url}/api/concerts/${id}/reservations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) },
      body: JSON.stringify({ quantity }),
    });

  it('books once for one Idempotency-Key sent five times at once and five times after', async () => {
    const concert = await createConcert(svc.url, { title: 'Once', artistName: 'Only', totalSeatCount: 100, generalSaleStartAt: opened() });
    const key = 'b3f1c7e2-1d2a-4c1e-9a51-8f0e3b6f2a11';
    const together = await Promise.all(Array.from({ length: 5 }, () => reserve(concert.id, 2, key)));
    const after = [];
    for (let i = 0; i < 5; i += 1) after.push(await reserve(concert.id, 2, key));
    const answers = [...together, ...after];
    expect(answers.map((r) => r.status)).to.deep.equal(Array(10).fill(201));
    expect(answers.filter((r) => r.headers.get('idempotent-replayed') === 'true'), 'replays').to.have.length(9);
    const cards = await Promise.all(answers.map(async (r) => JSON.stringify(await r.json())));
    expect(new Set(cards).size, 'every answer is the first card').to.equal(1);
    expect(await seatsLeft(concert.id)).to.equal(98);

    const reused = await reserve(concert.id, 3, key);
    expect(reused.status).to.equal(422);
    expect(await seatsLeft(concert.id)).to.equal(98);
  });

  it(`gives one client ${PER_MINUTE} reservations a minute: 300 at once do not sell out the concert`, async () => {
    const concert = await createConcert(svc.url, { title: 'Rush', artistName: 'Crowd', totalSeatCount: 3_000, generalSaleStartAt: opened() });
    // The first test spent 11 of this client's tokens; it refills at 30 a minute meanwhile.
    const answers = await Promise.all(Array.from({ length: 300 }, () => reserve(concert.id, 10)));
    const booked = answers.filter((r) => r.status === 201).length;
    const refused = answers.filter((r) => r.status === 429);
    expect(booked).to.be.within(PER_MINUTE - 12, PER_MINUTE);
    expect(refused.length).to.equal(300 - booked);
    expect(Number(refused[0]?.headers.get('retry-after'))).to.be.within(1, 2);
    expect(await seatsLeft(concert.id)).to.equal(3_000 - 10 * booked);
  });

  it('logs failed admin authentications at warn with the client and no token, then refuses with 429', async () => {
    lines.length = 0;
    const guesses = ['Bearer first-wrong-guess-0001', 'Bearer second-wrong-guess-002', undefined, 'Basic YWRtaW46YWRtaW4=', 'Bearer third-wrong-guess-0003'];
    const statuses = [];
    for (const authorization of guesses) {
      statuses.push((await fetch(`${svc.url}/api/admin/concerts/1`, { method: 'DELETE', headers: authorization ? { authorization } : {} })).status);
    }
    expect(statuses).to.deep.equal([403, 403, 401, 401, 403]);
    const locked = await fetch(`${svc.url}/api/admin/concerts`, { method: 'POST', headers: adminHeaders(), body: '{}' });
    expect(locked.status, 'the right token too, once locked out').to.equal(429);
    expect(Number(locked.headers.get('retry-after'))).to.be.within(1, 12);
    const logged = lines.filter((line) => line.msg === 'admin authentication failed');
    expect(logged).to.have.length(5);
    for (const line of logged) {
      expect(line.level, 'warn').to.equal(40);
      expect(line.client).to.equal('127.0.0.1');
      expect(['missing', 'wrong']).to.include(line.reason);
    }
    expect(JSON.stringify(lines)).not.to.match(/guess|YWRtaW4|test-admin-token/);
  });
});
