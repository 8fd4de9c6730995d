// Contracts of the outbox ports: OutboxAppend, UnsentChanges, OutboxRetention and StreamHead.

import { expect } from 'chai';
import type { LiveChange } from '../../src/application/ports/outbound/outbox.js';
import { eachStorage, type OpenStorage, type StorageUnderTest } from './storage-under-test.js';

const removal: LiveChange = { reason: 'CONCERT_REMOVED', items: [], removedIds: [7, 8], boundaryAt: null, catalogue: { changedIds: [7, 8], changedFields: ['removed'] } };
const seats: LiveChange = { reason: 'INVENTORY_CHANGED', items: [], removedIds: [], boundaryAt: null, catalogue: null };

const append = (storage: StorageUnderTest, change: LiveChange, recordedAt: number) => storage.transactions.run((stores) => stores.outbox.append(change, recordedAt));

export function outboxPortContracts(open: OpenStorage): void {
  describe('outbox (OutboxAppend, UnsentChanges, OutboxRetention, StreamHead)', () => {
    eachStorage(open, (storage) => {
      it('appends changes with growing seqs and keeps them unsent until marked sent', async () => {
        const { outbox } = storage().stores;
        const transition: LiveChange = { reason: 'SALE_STATUS_TRANSITION', items: [], removedIds: [], boundaryAt: Date.UTC(2026, 0, 1), catalogue: null };
        expect((await outbox.position()).seq).to.equal(0);
        const first = await append(storage(), transition, 1_000_123);
        const second = await append(storage(), removal, 2_000_000);
        expect(first).to.deep.equal({ ...transition, seq: first.seq, recordedAt: 1_000_123 });
        expect(second.seq).to.be.greaterThan(first.seq);
        expect((await outbox.position()).seq).to.equal(second.seq);
        expect(await outbox.findUnsent(1_500_000, 10)).to.deep.equal([first]);
        expect((await outbox.findUnsent(2_000_000, 10)).map((row) => row.seq)).to.deep.equal([first.seq, second.seq]);
        expect((await outbox.findUnsent(2_000_000, 1)).map((row) => row.seq)).to.deep.equal([first.seq]);
        await outbox.markSent(first.seq, 2_500_000);
        expect(await outbox.findUnsent(3_000_000, 10)).to.deep.equal([{ ...removal, seq: second.seq, recordedAt: 2_000_000 }]);
      });

      it('prunes old sent rows, oldest first, never an unsent row nor the one holding the latest seq', async () => {
        const { outbox } = storage().stores;
        const rows = [];
        for (const recordedAt of [1_000, 2_000, 3_000, 4_000, 5_000]) rows.push(await append(storage(), seats, recordedAt));
        for (const row of rows) if (row.recordedAt !== 3_000) await outbox.markSent(row.seq, row.recordedAt + 1);
        expect(await outbox.pruneSent(10_000, 1), 'one per batch, the oldest').to.equal(1);
        expect(await outbox.pruneSent(2_500, 10), 'only rows recorded before the instant').to.equal(1);
        expect(await outbox.pruneSent(10_000, 10), 'the unsent row and the latest stay').to.equal(1);
        expect((await outbox.findUnsent(10_000, 10)).map((row) => row.seq)).to.deep.equal([rows[2]!.seq]);
        expect((await outbox.position()).seq).to.equal(rows[4]!.seq);
      });

      it('reads back committed changes after a seq, in order, with their catalogue facts, and says how far back it holds them', async () => {
        const { outbox } = storage().stores;
        const first = await append(storage(), removal, 1_000);
        const second = await append(storage(), seats, 2_000);
        const third = await append(storage(), removal, 3_000);
        expect(await outbox.readAfter(first.seq, 10)).to.deep.equal({ changes: [second, third], floorSeq: first.seq });
        expect((await outbox.readAfter(0, 2)).changes.map((change) => change.seq)).to.deep.equal([first.seq, second.seq]);
        expect((await outbox.readAfter(third.seq, 10)).changes).to.deep.equal([]);
        await outbox.markSent(first.seq, 4_000);
        expect(await outbox.pruneSent(10_000, 1)).to.equal(1);
        expect((await outbox.readAfter(0, 10)).floorSeq, 'below the floor, changes may have been pruned').to.equal(second.seq);
      });

      it('skips nothing but rolled-back appends: a seq drawn by a transaction that failed never appears', async () => {
        const before = await append(storage(), seats, 1);
        await storage()
          .transactions.run(async (stores) => {
            await stores.outbox.append(seats, 2);
            throw new Error('rolled back');
          })
          .catch(() => undefined);
        const after = await append(storage(), seats, 3);
        expect(after.seq, 'the sequence does not give the rolled-back seq again').to.be.greaterThan(before.seq + 1);
        expect((await storage().stores.outbox.readAfter(before.seq, 10)).changes.map((change) => change.seq)).to.deep.equal([after.seq]);
      });

      it('names the stream\'s history with an epoch that stays, and is renewed when the outbox is truncated', async () => {
        const { outbox } = storage().stores;
        const epoch = (await outbox.position()).epoch;
        expect(epoch).to.be.a('string').and.not.equal('');
        await append(storage(), seats, 1);
        expect((await outbox.position()).epoch).to.equal(epoch);
        await storage().truncateOutbox();
        const renewed = await outbox.position();
        expect(renewed.epoch).to.not.equal(epoch);
        expect(renewed.seq).to.equal(0);
      });

      it('commits appends in seq order, so a higher seq never becomes visible before a lower one', async () => {
        let releaseA!: () => void;
        let aAppended!: () => void;
        const aHolding = new Promise<void>((resolve) => (releaseA = resolve));
        const aHasSeq = new Promise<void>((resolve) => (aAppended = resolve));
        const a = storage().transactions.run(async (stores) => {
          const recorded = await stores.outbox.append(seats, 1);
          aAppended();
          await aHolding;
          return recorded;
        });
        await aHasSeq;
        let bDone = false;
        const b = append(storage(), seats, 2).finally(() => (bDone = true));
        try {
          await new Promise((resolve) => setTimeout(resolve, 200));
          expect(bDone).to.equal(false);
          expect((await storage().stores.outbox.position()).seq).to.equal(0);
        } finally {
          releaseA(); // a failed expectation must not leave A's transaction open
        }
        const [recordedA, recordedB] = await Promise.all([a, b]);
        expect(recordedB.seq).to.be.greaterThan(recordedA.seq);
      });
    });
  });
}
