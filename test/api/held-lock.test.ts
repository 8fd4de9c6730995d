// Issue 13.3 through the whole service: an outside session holds one concert's row FOR UPDATE.
// Reservations of that concert give up after DATABASE_LOCK_TIMEOUT_MS with the 503 envelope;
// the card and search of other concerts, and readiness, answer at once meanwhile.

import { expect } from 'chai';
import pg from 'pg';
import { createConcert, startTestService, type InProcessService } from '../support/service-harness.js';

const LOCK_TIMEOUT_MS = 1_000;

async function timedFetch(url: string, init?: RequestInit): Promise<{ status: number; body: string; ms: number }> {
  const started = performance.now();
  const response = await fetch(url, init);
  const body = await response.text();
  return { status: response.status, body, ms: performance.now() - started };
}

describe('a concert row locked by someone else', function () {
  this.timeout(60_000);
  let svc: InProcessService;
  let holder: pg.Client;

  before(async () => {
    svc = await startTestService({ env: { DATABASE_LOCK_TIMEOUT_MS: String(LOCK_TIMEOUT_MS) } });
  });

  after(async () => {
    await holder?.end().catch(() => undefined);
    await svc?.stop();
  });

  it('turns waiting reservations into quick 503s while other reads answer at once', async () => {
    const opened = new Date(Date.now() - 60_000).toISOString();
    const locked = await createConcert(svc.baseUrl, { title: 'Held', artistName: 'Locked', totalSeatCount: 500, generalSaleStartAt: opened });
    const other = await createConcert(svc.baseUrl, { title: 'Free', artistName: 'Open', totalSeatCount: 500, generalSaleStartAt: opened });
    holder = new pg.Client({ connectionString: svc.database.url });
    await holder.connect();
    await holder.query('begin');
    await holder.query('select id from concert where id = $1 for update', [locked.id]);

    // More reservations than the pool has connections (10).
    const reservations = Array.from({ length: 25 }, () =>
      timedFetch(`${svc.baseUrl}/api/concerts/${locked.id}/reservations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"quantity":1}' }),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    const reads = await Promise.all([
      timedFetch(`${svc.baseUrl}/api/concerts/${other.id}/card`),
      timedFetch(`${svc.baseUrl}/api/concerts/search?size=5`),
      timedFetch(`${svc.baseUrl}/health/ready`),
    ]);
    for (const read of reads) {
      expect(read.status, read.body).to.equal(200);
      expect(read.ms, 'a read that needs no locked row').to.be.below(750);
    }

    const answered = await Promise.all(reservations);
    for (const answer of answered) {
      expect(answer.status, answer.body).to.equal(503);
      expect(JSON.parse(answer.body).error.code).to.equal('UNAVAILABLE');
    }
    const slowest = Math.max(...answered.map((answer) => answer.ms));
    // Each waits at most the lock timeout once it has a connection; 25 on 10 connections: ~3 rounds.
    expect(slowest, 'slowest reservation (ms)').to.be.below(LOCK_TIMEOUT_MS * 3 + 2_000);
    await holder.query('rollback');

    const after = await timedFetch(`${svc.baseUrl}/api/concerts/${locked.id}/reservations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"quantity":1}' });
    expect(after.status, 'the lock is gone: seats are taken again').to.equal(201);
  });
});
