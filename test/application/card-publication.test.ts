// The publication engine's rules, on the in-memory fakes through the real composition root: what
// is published when, exactly once under races, after commit, with the boundaries it stored.

import { expect } from 'chai';
import { CreateConcert } from '../../src/application/admin/create-concert.js';
import { DeleteConcert } from '../../src/application/admin/delete-concert.js';
import { UpdateConcert } from '../../src/application/admin/update-concert.js';
import { ChangeRealtimeSettings } from '../../src/application/admin/change-realtime-settings.js';
import { CardPublication } from '../../src/application/publication/card-publication.js';
import { RunDueTransitions } from '../../src/application/stream/run-due-transitions.js';
import { applicationOn, applicationOnFakes, seedConcert, type ApplicationOnFakes } from '../support/application-on-fakes.js';
import { InMemoryDatabase } from '../support/fakes/in-memory-database.js';
import { publicationRaceScenarios } from './publication-race-scenarios.js';
import { aConcert } from '../support/concert-mother.js';

const T = Date.UTC(2030, 5, 1, 12);
const FIVE_MINUTES = 300_000;

describe('publication engine (on fakes)', () => {
  let app: ApplicationOnFakes;
  const stored = async (id: number) => (await app.storage.stores.concerts.findByIds([id]))[0]!;

  beforeEach(async () => {
    app = await applicationOnFakes({ now: T - 1 });
  });

  describe('what is published when', () => {
    it('publishes a boundary once it has come, at the next version, and asks for a wake-up at the next boundary', async () => {
      const concert = await seedConcert(app, { generalSaleStartAt: T + FIVE_MINUTES }, { publishedStatus: 'OPEN_SOON_1H', nextBoundaryAt: T });
      const run = app.get(RunDueTransitions);
      expect(await run.execute(T - 1), 'before the boundary nothing is due').to.equal(0);
      app.clock.set(T);
      expect(await run.execute(T)).to.equal(1);
      expect(app.publisher.events.map((e) => [e.reason, e.boundaryAt, e.items.map((c) => [c.id, c.saleStatus, c.version])])).to.deep.equal([
        ['SALE_STATUS_TRANSITION', T, [[concert.id, 'OPEN_SOON_5M', 2]]],
      ]);
      expect((await stored(concert.id)).state).to.include({ version: 2, publishedStatus: 'OPEN_SOON_5M', nextBoundaryAt: T + FIVE_MINUTES });
      expect(app.scheduler.wakeUps).to.deep.equal([T + FIVE_MINUTES]);
      expect(await app.storage.stores.outbox.findUnsent(T + 1, 10), 'marked sent after the emit').to.deep.equal([]);
    });

    it('records nothing for a card whose status and seats are as published, and says it suppressed a duplicate', async () => {
      const concert = await seedConcert(app, { generalSaleStartAt: T }, { publishedStatus: 'OPEN_SOON_5M', nextBoundaryAt: T });
      const published = await app.get(CardPublication).publish({ reason: 'SALE_STATUS_TRANSITION', concertIds: [concert.id] });
      expect(published.change).to.equal(null);
      expect(published.cards.map((c) => [c.saleStatus, c.version])).to.deep.equal([['OPEN_SOON_5M', 1]]);
      expect(app.observer.duplicates).to.deep.equal([{ concertId: concert.id, reason: 'SALE_STATUS_TRANSITION' }]);
      expect((await app.storage.stores.outbox.position()).seq).to.equal(0);
    });

    it('moves a stored boundary that fell behind without a new version, and wakes at it', async () => {
      const concert = await seedConcert(app, { generalSaleStartAt: T + 30 * 60_000 }, { publishedStatus: 'OPEN_SOON_1H', nextBoundaryAt: null });
      const published = await app.get(CardPublication).publish({ reason: 'SALE_STATUS_TRANSITION', concertIds: [concert.id] });
      expect(published.change).to.equal(null);
      expect((await stored(concert.id)).state).to.include({ version: 1, nextBoundaryAt: T + 30 * 60_000 - FIVE_MINUTES });
      expect(app.scheduler.wakeUps).to.deep.equal([T + 30 * 60_000 - FIVE_MINUTES]);
    });

    it('publishes an admin edit at the next version even when the status does not move, and an unchanged edit not at all', async () => {
      const update = app.get(UpdateConcert);
      const created = await app.get(CreateConcert).execute(aConcert({ title: 'Before', generalSaleStartAt: T + 2 * 3_600_000 }));
      expect(created).to.include({ version: 1, saleStatus: 'PREOPEN' });
      expect(app.scheduler.wakeUps, 'the first boundary of a new concert').to.deep.equal([T + 3_600_000]);
      const renamed = await update.execute(created.id, { title: 'After' });
      expect(renamed).to.include({ title: 'After', version: 2, saleStatus: 'PREOPEN' });
      const again = await update.execute(created.id, { title: 'After' });
      expect(again).to.include({ title: 'After', version: 2 });
      expect(app.publisher.events.map((e) => [e.reason, e.items.map((c) => c.version)])).to.deep.equal([
        ['CONCERT_UPDATED', [1]],
        ['CONCERT_UPDATED', [2]],
      ]);
    });

    it('announces a removal and a realtime-mode switch with no card in them', async () => {
      const concert = await seedConcert(app);
      await app.get(DeleteConcert).execute(concert.id);
      await app.get(ChangeRealtimeSettings).execute({ mode: 'polling', hybridPollIntervalMillis: 5_000 });
      expect(app.publisher.events.map((e) => [e.reason, e.items.length, e.removedIds, e.settings.mode])).to.deep.equal([
        ['CONCERT_REMOVED', 0, [concert.id], 'websocket'],
        ['REALTIME_MODE_CHANGED', 0, [], 'polling'],
      ]);
      expect(await app.storage.stores.concerts.findByIds([concert.id])).to.deep.equal([]);
    });

    it('emits only after commit: a write that fails rolls back and sends nothing', async () => {
      const concert = await seedConcert(app, { totalSeatCount: 10 });
      const outcome = await app
        .get(CardPublication)
        .publish({
          reason: 'CONCERT_UPDATED',
          concertIds: [concert.id],
          write: async ({ catalogue }, { now }) => {
            await catalogue.update(concert.id, aConcert({ title: 'Half-written', totalSeatCount: 10 }), now);
            throw new Error('refused');
          },
        })
        .then(() => null, (error: unknown) => error);
      expect(outcome).to.have.property('message', 'refused');
      expect((await stored(concert.id)).concert.title, 'the write was rolled back').to.equal(concert.title);
      expect(app.publisher.events).to.deep.equal([]);
      expect((await app.storage.stores.outbox.position()).seq).to.equal(0);
    });
  });

  describe('after commit', () => {
    it('leaves a change it could not emit unsent for the reconcile job, and reports the failure', async () => {
      const concert = await seedConcert(app, { generalSaleStartAt: T }, { publishedStatus: 'OPEN_SOON_5M', nextBoundaryAt: T });
      app.clock.set(T);
      app.publisher.failure = new Error('live topic down');
      await app.get(RunDueTransitions).execute(T);
      expect(app.observer.failures.map((f) => f.stage)).to.deep.equal(['emit']);
      const [unsent] = await app.storage.stores.outbox.findUnsent(T, 10);
      expect(unsent?.items.map((c) => [c.id, c.saleStatus])).to.deep.equal([[concert.id, 'OPEN']]);
      expect((await stored(concert.id)).state.version, 'the change itself is committed').to.equal(2);
    });

    it('still emits when a wake-up cannot be scheduled, and reports the scheduling failure', async () => {
      app.scheduler.failure = new Error('scheduler down');
      const created = await app.get(CreateConcert).execute(aConcert({ generalSaleStartAt: T + 3_600_000 }));
      expect(app.publisher.events.map((e) => e.items.map((c) => c.id))).to.deep.equal([[created.id]]);
      expect(app.observer.failures.map((f) => f.stage)).to.deep.equal(['schedule']);
      expect((await stored(created.id)).state.nextBoundaryAt, 'the boundary is stored for the reconcile job').to.equal(T);
    });
  });
});

describe('publication races (on fakes)', () => {
  publicationRaceScenarios(async () => {
    const database = new InMemoryDatabase();
    const app = await applicationOn(database);
    return {
      app,
      untilLockWait: async () => {
        while (database.lockWaits() === 0) await new Promise((resolve) => setTimeout(resolve, 1));
      },
      close: async () => undefined,
    };
  });
});
