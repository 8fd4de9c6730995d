// The service's connections carry statement, lock and idle-in-transaction timeouts, and reads that
// need no locked row have a pool of their own (issue 13.3). An outside session holding a concert
// row FOR UPDATE is the lock; a second pg client plays it.

import { expect } from 'chai';
import pg from 'pg';
import { openPersistence, type Persistence, type SessionTimeouts } from '../../src/adapters/persistence/open-persistence.js';
import { DependencyUnavailable } from '../../src/application/ports/outbound/dependency-unavailable.js';
import type { ConcertSearchQuery } from '../../src/domain/card/card-query.js';
import { storeConcert } from '../support/stored-concert.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const SALE_OPEN = Date.UTC(2026, 0, 1);
const NOW = SALE_OPEN + 60_000;
const ALL: ConcertSearchQuery = { keyword: null, artistName: null, entertainmentName: null, saleStatuses: null, page: 0, size: 20, sort: { field: 'id', direction: 'asc' } };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function timed<T>(work: Promise<T>): Promise<{ value: T | unknown; ms: number }> {
  const started = performance.now();
  const value = await work.catch((error: unknown) => error);
  return { value, ms: performance.now() - started };
}

describe('persistence: session timeouts and the read pool', function () {
  this.timeout(30_000);
  let database: TestDatabase;
  let persistence: Persistence;
  let holder: pg.Client | null = null;
  let locked: number;
  let other: number;

  async function open(timeouts: SessionTimeouts, poolSize = 4): Promise<void> {
    persistence = openPersistence(database.url, { poolSize, timeouts });
    await persistence.migrate();
    locked = (await storeConcert(persistence.transactions, { generalSaleStartAt: SALE_OPEN }, { publishedStatus: 'OPEN' })).id;
    other = (await storeConcert(persistence.transactions, { generalSaleStartAt: SALE_OPEN }, { publishedStatus: 'OPEN' })).id;
    await persistence.ensureRealtimeSettings({ mode: 'websocket', hybridPollIntervalMillis: 30_000 }, NOW);
  }

  async function holdRow(id: number): Promise<void> {
    const client = new pg.Client({ connectionString: database.url });
    holder = client;
    await client.connect();
    await client.query('begin');
    await client.query('select id from concert where id = $1 for update', [id]);
  }

  beforeEach(async () => {
    database = await createTestDatabase();
  });

  afterEach(async () => {
    await holder?.end().catch(() => undefined);
    holder = null;
    await persistence?.close();
    await database.drop();
  });

  it('gives up on a row held elsewhere after lock_timeout, as DependencyUnavailable', async () => {
    await open({ statementMs: 0, lockMs: 500, idleInTransactionMs: 0 });
    await holdRow(locked);
    const { value, ms } = await timed(persistence.stores.catalogue.takeSeats(locked, 1, NOW));
    expect(value).to.be.instanceOf(DependencyUnavailable);
    expect(ms, 'waited about lock_timeout').to.be.within(400, 2_000);
    expect(await persistence.stores.catalogue.takeSeats(other, 1, NOW), 'another row is not held').to.not.equal(null);
  });

  it('cancels a statement that runs past statement_timeout, as DependencyUnavailable', async () => {
    await open({ statementMs: 400, lockMs: 0, idleInTransactionMs: 0 });
    await holdRow(locked);
    // With no lock timeout, the wait for the row is what runs long.
    const { value, ms } = await timed(persistence.stores.catalogue.takeSeats(locked, 1, NOW));
    expect(value).to.be.instanceOf(DependencyUnavailable);
    expect(((value as Error).cause as { code?: string }).code).to.equal('57014');
    expect(ms).to.be.within(300, 2_000);
  });

  it('ends a transaction left idle past idle_in_transaction_session_timeout, releasing its locks', async () => {
    await open({ statementMs: 0, lockMs: 0, idleInTransactionMs: 400 });
    const stalled = persistence.transactions.run(async (stores) => {
      await stores.cardStates.lock([locked]);
      await sleep(1_200); // a stalled caller: the session is idle in its transaction meanwhile
      return stores.concerts.findByIds([locked]);
    });
    await sleep(900);
    // The row lock went with the session: an outside writer gets it at once.
    const outside = new pg.Client({ connectionString: database.url });
    await outside.connect();
    try {
      await outside.query('begin');
      await outside.query("set local lock_timeout = '100ms'");
      const row = await outside.query('select version from concert_card_state where concert_id = $1 for update', [locked]);
      expect(row.rows).to.have.length(1);
      await outside.query('rollback');
    } finally {
      await outside.end();
    }
    expect(await stalled.catch((error: unknown) => error)).to.be.instanceOf(DependencyUnavailable);
    expect(await persistence.ping(), 'the pool replaced the ended session').to.equal(true);
  });

  it('answers reads of other rows at once while every write connection waits behind a held row', async () => {
    await open({ statementMs: 0, lockMs: 3_000, idleInTransactionMs: 0 }, 4);
    await holdRow(locked);
    // Three times the pool: writers queue for connections and for the row.
    const writers = Array.from({ length: 12 }, () => persistence.stores.catalogue.takeSeats(locked, 1, NOW).catch((error: unknown) => error));
    await sleep(300);
    const reads = await timed(
      Promise.all([
        persistence.stores.concerts.findByIds([other]),
        persistence.stores.concerts.search(ALL, Date.now()),
        persistence.stores.outbox.position(),
        persistence.stores.settings.get(),
        persistence.ping(1_000),
      ]),
    );
    const [card, page, , , ping] = reads.value as [unknown[], { totalElements: number }, number, unknown, boolean];
    expect(card).to.have.length(1);
    expect(page.totalElements).to.equal(2);
    expect(ping, 'readiness ping').to.equal(true);
    expect(reads.ms, 'reads did not wait for the writers').to.be.below(1_000);
    await holder?.query('rollback');
    const outcomes = await Promise.all(writers);
    expect(outcomes.filter((outcome) => outcome instanceof DependencyUnavailable).length, 'writers that gave up').to.be.at.most(12);
  });
});
