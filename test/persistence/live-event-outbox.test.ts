import { expect } from 'chai';
import type { LiveChange } from '../../src/application/ports/live-event-outbox.js';
import { buildCard } from '../../src/domain/card/card.js';
import { openMigratedPersistence, storeConcert, type PersistenceFixture } from './persistence-fixture.js';

describe('live event outbox (PostgreSQL)', () => {
  let fixture: PersistenceFixture;
  const outbox = () => fixture.persistence.stores.outbox;

  beforeEach(async () => {
    fixture = await openMigratedPersistence();
  });

  afterEach(async () => {
    await fixture.close();
  });

  it('appends changes with growing seqs, keeps them until marked sent, and reports the backlog', async () => {
    const concert = await storeConcert(fixture.persistence, { generalSaleStartAt: Date.UTC(2026, 0, 1) });
    const card = buildCard(concert, 2, Date.UTC(2026, 0, 1, 0, 0, 1));
    const change: LiveChange = { reason: 'SALE_STATUS_TRANSITION', items: [card], removedIds: [], boundaryAt: Date.UTC(2026, 0, 1) };
    expect(await outbox().latestSeq()).to.equal(0);
    expect(await outbox().backlog()).to.deep.equal({ count: 0, oldestRecordedAt: null });

    const first = await outbox().append(change, 1_000_123);
    const second = await outbox().append({ reason: 'CONCERT_REMOVED', items: [], removedIds: [7, 8], boundaryAt: null }, 2_000_000);
    expect(first).to.deep.equal({ ...change, seq: first.seq, recordedAt: 1_000_123 });
    expect(second.seq).to.be.greaterThan(first.seq);
    expect(await outbox().latestSeq()).to.equal(second.seq);
    expect(await outbox().backlog()).to.deep.equal({ count: 2, oldestRecordedAt: 1_000_123 });

    expect(await outbox().findUnsent(1_500_000, 10)).to.deep.equal([first]);
    expect((await outbox().findUnsent(2_000_000, 10)).map((row) => row.seq)).to.deep.equal([first.seq, second.seq]);
    await outbox().markSent(first.seq, 2_500_000);
    expect(await outbox().findUnsent(3_000_000, 10)).to.deep.equal([{ reason: 'CONCERT_REMOVED', items: [], removedIds: [7, 8], boundaryAt: null, seq: second.seq, recordedAt: 2_000_000 }]);
    expect(await outbox().backlog()).to.deep.equal({ count: 1, oldestRecordedAt: 2_000_000 });
  });

  it('prunes old sent rows, oldest first, never an unsent row nor the one holding the latest seq', async () => {
    const change: LiveChange = { reason: 'INVENTORY_CHANGED', items: [], removedIds: [], boundaryAt: null };
    const rows = [];
    for (const recordedAt of [1_000, 2_000, 3_000, 4_000, 5_000]) rows.push(await outbox().append(change, recordedAt));
    for (const row of rows) if (row.recordedAt !== 3_000) await outbox().markSent(row.seq, row.recordedAt + 1);
    const seqs = async () => (await fixture.persistence.stores.outbox.findUnsent(10_000, 10)).map((row) => row.seq);

    expect(await outbox().pruneSent(10_000, 1), 'one per batch, the oldest').to.equal(1);
    expect(await outbox().pruneSent(2_500, 10), 'only rows recorded before the instant').to.equal(1);
    expect(await outbox().pruneSent(10_000, 10), 'the unsent row and the latest stay').to.equal(1);
    expect(await seqs()).to.deep.equal([rows[2]!.seq]);
    expect(await outbox().latestSeq()).to.equal(rows[4]!.seq);
    expect(await outbox().backlog()).to.deep.equal({ count: 1, oldestRecordedAt: 3_000 });
  });

  it('commits appends in seq order, so a higher seq never becomes visible before a lower one', async () => {
    // Transaction A draws a seq and holds its commit; B must wait rather than commit a higher seq first.
    let releaseA: () => void = () => undefined;
    const aHolding = new Promise<void>((resolve) => (releaseA = resolve));
    let aAppended: () => void = () => undefined;
    const aHasSeq = new Promise<void>((resolve) => (aAppended = resolve));
    const a = fixture.persistence.unitOfWork.transaction(async (stores) => {
      const recorded = await stores.outbox.append({ reason: 'INVENTORY_CHANGED', items: [], removedIds: [], boundaryAt: null }, 1);
      aAppended();
      await aHolding;
      return recorded;
    });
    await aHasSeq;
    let bDone = false;
    const b = fixture.persistence.unitOfWork
      .transaction((stores) => stores.outbox.append({ reason: 'INVENTORY_CHANGED', items: [], removedIds: [], boundaryAt: null }, 2))
      .finally(() => (bDone = true));
    try {
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(bDone).to.equal(false);
      expect(await outbox().latestSeq()).to.equal(0);
    } finally {
      releaseA(); // a failed expectation must not leave A's transaction (and the database) open
    }
    const [recordedA, recordedB] = await Promise.all([a, b]);
    expect(recordedB.seq).to.be.greaterThan(recordedA.seq);
  });
});
