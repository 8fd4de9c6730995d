import { expect } from 'chai';
import { aConcert } from '../support/concert-mother.js';
import { openMigratedPersistence, type PersistenceFixture } from './persistence-fixture.js';

describe('unit of work and realtime settings (PostgreSQL)', () => {
  let fixture: PersistenceFixture;

  beforeEach(async () => {
    fixture = await openMigratedPersistence();
  });

  afterEach(async () => {
    await fixture.close();
  });

  it('rolls back everything the work did when it throws', async () => {
    await fixture.persistence.ensureRealtimeSettings({ mode: 'websocket', hybridPollIntervalMillis: 30_000 });
    const failure = new Error('boom');
    let insertedId = 0;
    const outcome = await fixture.persistence.unitOfWork
      .transaction(async (stores) => {
        const concert = await stores.concerts.insert(aConcert());
        insertedId = concert.id;
        await stores.cardStates.create({ concertId: concert.id, version: 1, publishedStatus: 'UNSCHEDULED', publishedAvailableSeatCount: 100, nextBoundaryAt: null });
        await stores.outbox.append({ reason: 'CONCERT_UPDATED', items: [], removedIds: [], boundaryAt: null }, 1);
        await stores.settings.set({ mode: 'polling', hybridPollIntervalMillis: 5_000 });
        throw failure;
      })
      .catch((error: unknown) => error);
    expect(outcome).to.equal(failure);
    const stores = fixture.persistence.stores;
    expect(await stores.concerts.findByIds([insertedId])).to.deep.equal([]);
    expect(await stores.outbox.latestSeq()).to.equal(0);
    expect(await stores.settings.get()).to.deep.equal({ mode: 'websocket', hybridPollIntervalMillis: 30_000 });
  });

  it('commits the work and returns its result', async () => {
    const seq = await fixture.persistence.unitOfWork.transaction(async (stores) =>
      (await stores.outbox.append({ reason: 'REALTIME_MODE_CHANGED', items: [], removedIds: [], boundaryAt: null }, 1)).seq,
    );
    expect(await fixture.persistence.stores.outbox.latestSeq()).to.equal(seq);
  });

  it('seeds realtime settings from configuration once; the stored value wins afterwards', async () => {
    expect(await fixture.persistence.ensureRealtimeSettings({ mode: 'hybrid', hybridPollIntervalMillis: 10_000 })).to.deep.equal({ mode: 'hybrid', hybridPollIntervalMillis: 10_000 });
    await fixture.persistence.stores.settings.set({ mode: 'polling', hybridPollIntervalMillis: 2_000 });
    expect(await fixture.persistence.ensureRealtimeSettings({ mode: 'websocket', hybridPollIntervalMillis: 30_000 })).to.deep.equal({ mode: 'polling', hybridPollIntervalMillis: 2_000 });
  });
});
