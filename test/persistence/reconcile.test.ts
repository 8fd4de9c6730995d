// The reconcile job's housekeeping on real PostgreSQL: sent outbox rows past the retention go, the
// rest stays (the stream head, unsent rows, recent rows).

import { expect } from 'chai';
import type { EmitLiveChange } from '../../src/application/live/emit-live-change.js';
import { PublishCardChanges } from '../../src/application/live/publish-card-changes.js';
import { ReconcileLiveStream } from '../../src/application/live/reconcile-live-stream.js';
import { RunDueTransitions } from '../../src/application/live/run-due-transitions.js';
import type { LiveChange } from '../../src/application/ports/live-event-outbox.js';
import type { PublicationObserver } from '../../src/application/ports/publication-observer.js';
import { AdjustableClock } from '../support/adjustable-clock.js';
import { openMigratedPersistence, type PersistenceFixture } from './persistence-fixture.js';

const HOUR = 3_600_000;
const NOW = Date.UTC(2030, 0, 1, 12);

describe('reconcile job housekeeping (PostgreSQL)', () => {
  let fixture: PersistenceFixture;

  beforeEach(async () => {
    fixture = await openMigratedPersistence();
  });

  afterEach(async () => {
    await fixture.close();
  });

  it('deletes sent outbox rows older than the retention and keeps recent, unsent and latest rows', async () => {
    const { persistence } = fixture;
    const outbox = persistence.stores.outbox;
    const clock = new AdjustableClock(NOW);
    const emitted: number[] = [];
    const emitter = { emit: async (change: { seq: number }) => (emitted.push(change.seq), true) } as unknown as EmitLiveChange;
    const observer: PublicationObserver = { emitted: () => undefined, duplicateSuppressed: () => undefined, failed: () => undefined };
    const publication = new PublishCardChanges(persistence.unitOfWork, emitter, { wakeAt: async () => undefined }, clock, observer);
    const transitions = new RunDueTransitions(persistence.stores.cardStates, publication, { after: (_ms, task) => (task(), () => undefined) }, clock);
    const reconcile = new ReconcileLiveStream(outbox, persistence.stores.cardStates, emitter, transitions, publication, clock, {
      unsentGraceMs: 2_000,
      boundaryGraceMs: 1_000,
      inventoryGraceMs: 1_000,
      outboxRetentionMs: HOUR,
    });

    const change: LiveChange = { reason: 'CONCERT_UPDATED', items: [], removedIds: [], boundaryAt: null };
    const old = [await outbox.append(change, NOW - 3 * HOUR), await outbox.append(change, NOW - 2 * HOUR)];
    const unsent = await outbox.append(change, NOW - 2 * HOUR + 1);
    const recent = await outbox.append(change, NOW - 10 * 60_000);
    for (const row of [...old, recent]) await outbox.markSent(row.seq, row.recordedAt + 5);

    const report = await reconcile.execute();
    expect(report.pruned).to.equal(2);
    expect(report.resent, 'the old unsent row is sent again, not pruned').to.equal(1);
    expect(emitted).to.deep.equal([unsent.seq]);
    await outbox.markSent(unsent.seq, NOW);
    expect((await reconcile.execute()).pruned, 'sent now, still recorded 2 h ago: it goes too').to.equal(1);
    expect(await outbox.latestSeq()).to.equal(recent.seq);
    expect((await reconcile.execute()).pruned, 'the recent row and the stream head stay').to.equal(0);
  });
});
