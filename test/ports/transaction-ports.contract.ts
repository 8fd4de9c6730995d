// Contracts of PublicationTransactions and the realtime settings ports.

import { expect } from 'chai';
import { aConcert } from '../support/concert-mother.js';
import { eachStorage, type OpenStorage } from './storage-under-test.js';

export function transactionPortContracts(open: OpenStorage): void {
  describe('PublicationTransactions and realtime settings', () => {
    eachStorage(open, (storage) => {
      it('rolls back everything the work did when it throws', async () => {
        await storage().ensureRealtimeSettings({ mode: 'websocket', hybridPollIntervalMillis: 30_000 });
        const failure = new Error('boom');
        let insertedId = 0;
        const outcome = await storage()
          .transactions.run(async (stores) => {
            const concert = await stores.catalogue.insert(aConcert(), 1);
            insertedId = concert.id;
            await stores.cardStates.create({ concertId: concert.id, version: 1, publishedStatus: 'UNSCHEDULED', publishedAvailableSeatCount: 100, nextBoundaryAt: null });
            await stores.outbox.append({ reason: 'CONCERT_UPDATED', items: [], removedIds: [], boundaryAt: null, catalogue: null }, 1);
            await stores.settings.write({ settings: { mode: 'polling', hybridPollIntervalMillis: 5_000 }, source: 'admin', changedAt: 1, configured: null });
            expect(await stores.concerts.findByIds([concert.id]), 'the work sees its own writes').to.have.length(1);
            throw failure;
          })
          .catch((error: unknown) => error);
        expect(outcome).to.equal(failure);
        const { stores } = storage();
        expect(await stores.concerts.findByIds([insertedId])).to.deep.equal([]);
        expect((await stores.outbox.position()).seq).to.equal(0);
        expect(await stores.settings.get()).to.deep.equal({ mode: 'websocket', hybridPollIntervalMillis: 30_000 });
      });

      it('commits the work and returns its result; others see nothing before the commit', async () => {
        let release!: () => void;
        let appended!: () => void;
        const held = new Promise<void>((resolve) => (release = resolve));
        const hasAppended = new Promise<void>((resolve) => (appended = resolve));
        const running = storage().transactions.run(async (stores) => {
          const { seq } = await stores.outbox.append({ reason: 'REALTIME_MODE_CHANGED', items: [], removedIds: [], boundaryAt: null, catalogue: null }, 1);
          appended();
          await held;
          return seq;
        });
        await hasAppended;
        expect((await storage().stores.outbox.position()).seq).to.equal(0);
        release();
        const seq = await running;
        expect((await storage().stores.outbox.position()).seq).to.equal(seq);
      });

      it('keeps the realtime settings record: source, the instant given, what configuration said; locked in a transaction', async () => {
        await storage().ensureRealtimeSettings({ mode: 'websocket', hybridPollIntervalMillis: 30_000 }, 1_000);
        expect(await storage().stores.settings.record()).to.deep.equal({
          settings: { mode: 'websocket', hybridPollIntervalMillis: 30_000 },
          source: 'configuration',
          changedAt: 1_000,
          configured: { mode: 'websocket', hybridPollIntervalMillis: 30_000 },
        });
        const record = { settings: { mode: 'polling', hybridPollIntervalMillis: 2_000 }, source: 'admin', changedAt: Date.UTC(2030, 0, 1, 0, 0, 0, 123), configured: null } as const;
        let release!: () => void;
        const held = new Promise<void>((resolve) => (release = resolve));
        const first = storage().transactions.run(async ({ settings }) => {
          await settings.lockRecord();
          await settings.write(record);
          await held;
        });
        await new Promise((resolve) => setTimeout(resolve, 50));
        let seen: unknown = 'pending';
        const second = storage().transactions.run(async ({ settings }) => (seen = await settings.lockRecord()));
        await new Promise((resolve) => setTimeout(resolve, 100));
        expect(seen, 'a second lock waits for the first transaction').to.equal('pending');
        release();
        await Promise.all([first, second]);
        expect(seen, 'then reads what it committed').to.deep.equal(record);
        expect(await storage().stores.settings.get()).to.deep.equal(record.settings);
      });

      it('seeds realtime settings once; the stored value wins afterwards', async () => {
        expect(await storage().ensureRealtimeSettings({ mode: 'hybrid', hybridPollIntervalMillis: 10_000 })).to.deep.equal({ mode: 'hybrid', hybridPollIntervalMillis: 10_000 });
        await storage().transactions.run(async ({ settings }) => settings.write({ settings: { mode: 'polling', hybridPollIntervalMillis: 2_000 }, source: 'admin', changedAt: 5, configured: null }));
        expect(await storage().ensureRealtimeSettings({ mode: 'websocket', hybridPollIntervalMillis: 30_000 })).to.deep.equal({ mode: 'polling', hybridPollIntervalMillis: 2_000 });
      });
    });
  });
}
