// The relay's rules on the fakes: every change reaches this instance's sockets once, in seq order,
// gaps filled from the outbox (and only then), holes skipped, the tail kept for replay.

import { expect } from 'chai';
import type { LiveEvent } from '../../src/application/ports/outbound/live-event-publisher.js';
import type { LiveChange } from '../../src/application/ports/outbound/outbox.js';
import { LiveStreamRelay, type RelayTuning } from '../../src/application/relay/live-stream-relay.js';
import { CurrentRealtimeSettings } from '../../src/application/settings/current-realtime-settings.js';
import { AdjustableClock } from '../support/adjustable-clock.js';
import { InMemoryDatabase } from '../support/fakes/in-memory-database.js';
import { ManualTimer, RecordingFanOut, RecordingRelayObserver } from '../support/fakes/live-recorders.js';

const SETTINGS = { mode: 'websocket', hybridPollIntervalMillis: 30_000 } as const;
const TUNING: RelayTuning = { gapWaitMs: 150, maxHoldMs: 2_000, noticeWindowMs: 250, ring: { maxEvents: 100, maxBytes: 1_000_000 }, maxReplayEvents: 50 };
const change = (overrides: Partial<LiveChange> = {}): LiveChange => ({ reason: 'INVENTORY_CHANGED', items: [], removedIds: [], boundaryAt: null, catalogue: null, ...overrides });
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

async function fixture(tuning: Partial<RelayTuning> = {}) {
  const database = new InMemoryDatabase();
  await database.ensureRealtimeSettings(SETTINGS);
  const clock = new AdjustableClock(Date.UTC(2030, 0, 1));
  const timer = new ManualTimer();
  const fanOut = new RecordingFanOut();
  const observer = new RecordingRelayObserver();
  const relay = new LiveStreamRelay(database.stores.outbox, database.stores.outbox, new CurrentRealtimeSettings(database.stores.settings, clock), fanOut, timer, clock, observer, { ...TUNING, ...tuning });
  await relay.start();
  /** Commits a change to the outbox, as a publication does, and returns it as its emit would carry it. */
  const commit = async (overrides: Partial<LiveChange> = {}): Promise<LiveEvent> => {
    const recorded = await database.transactions.run((stores) => stores.outbox.append(change(overrides), clock.now()));
    return { ...recorded, settings: SETTINGS, serverNowEpochMs: clock.now() };
  };
  /** Fires pending timers and lets the fills they start finish. */
  const fire = async () => {
    timer.fire();
    for (let i = 0; i < 5; i += 1) await settle();
  };
  return { database, clock, timer, fanOut, observer, relay, commit, fire };
}

describe('live-stream relay (on fakes)', () => {
  it('delivers each change once, in seq order, and drops repeats', async () => {
    const { relay, fanOut, commit } = await fixture();
    const [one, two] = [await commit(), await commit()];
    relay.receive(one);
    relay.receive(two);
    relay.receive(one);
    relay.receive(two);
    expect(fanOut.seqs()).to.deep.equal([one.seq, two.seq]);
    expect((await relay.status()).seq).to.equal(two.seq);
  });

  it('holds a change that arrives before a lower one and sends both in order when the lower one arrives, reading nothing', async () => {
    const { relay, fanOut, commit, observer, fire } = await fixture();
    const [one, two] = [await commit(), await commit()];
    relay.receive(two);
    expect(fanOut.seqs(), 'held behind the gap').to.deep.equal([]);
    relay.receive(one);
    await fire();
    expect(fanOut.seqs()).to.deep.equal([one.seq, two.seq]);
    expect(observer.filledCount).to.equal(0);
  });

  it('fills a change that never arrives from the outbox, after the wait, before sending the later one', async () => {
    const { relay, fanOut, commit, observer, timer, fire } = await fixture();
    const [one, two, three] = [await commit(), await commit(), await commit()];
    relay.receive(one);
    relay.receive(three);
    expect(timer.pending.map((p) => p.delayMs)).to.deep.equal([TUNING.gapWaitMs]);
    await fire();
    expect(fanOut.seqs()).to.deep.equal([one.seq, two.seq, three.seq]);
    expect(observer.filledCount).to.equal(1);
    expect(fanOut.delivered[1]?.event.settings, 'a filled change goes out with the current settings').to.deep.equal(SETTINGS);
  });

  it('skips a seq the outbox does not have below a committed one: a rolled-back append, never coming', async () => {
    const { relay, fanOut, database, commit, clock, fire } = await fixture();
    const one = await commit();
    await database.transactions.run(async (stores) => {
      await stores.outbox.append(change(), clock.now());
      throw new Error('rolled back');
    }).catch(() => undefined);
    const three = await commit();
    relay.receive(one);
    relay.receive(three);
    await fire();
    expect(fanOut.seqs()).to.deep.equal([one.seq, three.seq]);
    expect((await relay.status()).seq).to.equal(three.seq);
  });

  it('fills from the outbox what a head check shows it never received', async () => {
    const { relay, fanOut, commit, fire } = await fixture();
    const [one, two] = [await commit(), await commit()];
    await relay.checkHead();
    await fire();
    expect(fanOut.seqs()).to.deep.equal([one.seq, two.seq]);
  });

  it('sends held changes past a gap the outbox cannot fill for maxHoldMs, and fills the gap late once it can', async () => {
    const { relay, fanOut, commit, clock, observer, database, fire } = await fixture();
    const [one, two, three] = [await commit(), await commit(), await commit()];
    const readAfter = database.stores.outbox.readAfter;
    let down = true;
    database.stores.outbox.readAfter = (...args) => (down ? Promise.reject(new Error('database down')) : readAfter(...args));
    relay.receive(one);
    relay.receive(three);
    await fire();
    expect(fanOut.seqs(), 'not yet held long enough').to.deep.equal([one.seq]);
    clock.advance(TUNING.maxHoldMs);
    await fire();
    expect(fanOut.seqs()).to.deep.equal([one.seq, three.seq]);
    expect(observer.lateCount).to.equal(1);
    expect((await relay.status()).seq, 'the heartbeat still says what is contiguous').to.equal(one.seq);
    down = false;
    await fire();
    expect(fanOut.seqs(), 'the gap, late').to.deep.equal([one.seq, three.seq, two.seq]);
    expect((await relay.status()).seq).to.equal(three.seq);
  });

  it('gathers the catalogue changes of one window into one notice', async () => {
    const { relay, fanOut, commit, timer, fire } = await fixture();
    relay.receive(await commit({ catalogue: { changedIds: [5], changedFields: ['created'] } }));
    relay.receive(await commit());
    const last = await commit({ catalogue: { changedIds: [3, 5], changedFields: ['saleStatus'] } });
    relay.receive(last);
    expect(timer.pending.map((p) => p.delayMs)).to.deep.equal([TUNING.noticeWindowMs]);
    await fire();
    expect(fanOut.notices.map((n) => ({ seq: n.seq, changedIds: n.changedIds, changedFields: n.changedFields }))).to.deep.equal([
      { seq: last.seq, changedIds: [3, 5], changedFields: ['created', 'saleStatus'] },
    ]);
  });

  describe('replay', () => {
    it('serves a position the ring covers from the ring, and one older from the outbox', async () => {
      const { relay, commit, observer, database } = await fixture({ ring: { maxEvents: 2, maxBytes: 1_000_000 } });
      const epoch = (await database.stores.outbox.position()).epoch;
      const events = [await commit(), await commit(), await commit(), await commit()];
      for (const event of events) relay.receive(event);
      const fromRing = await relay.replay(events[1]!.seq, epoch);
      expect(fromRing.resyncRequired ? null : fromRing.events.map((e) => e.seq)).to.deep.equal([events[2]!.seq, events[3]!.seq]);
      const fromOutbox = await relay.replay(0, epoch);
      expect(fromOutbox.resyncRequired ? null : fromOutbox.events.map((e) => e.seq)).to.deep.equal(events.map((e) => e.seq));
      expect(observer.replays.map((r) => r.source)).to.deep.equal(['ring', 'outbox']);
    });

    it('says what the replayed changes did to the catalogue', async () => {
      const { relay, commit, database } = await fixture();
      const epoch = (await database.stores.outbox.position()).epoch;
      relay.receive(await commit({ catalogue: { changedIds: [9], changedFields: ['removed'] } }));
      const outcome = await relay.replay(0, epoch);
      expect(outcome.resyncRequired ? null : outcome.catalogue).to.deep.equal({ changedIds: [9], changedFields: ['removed'] });
    });

    it('refuses another epoch, a position pruned away, one ahead of the head, and one too long to replay', async () => {
      const { relay, commit, database } = await fixture({ ring: { maxEvents: 1, maxBytes: 1_000_000 }, maxReplayEvents: 2 });
      const epoch = (await database.stores.outbox.position()).epoch;
      const events = [await commit(), await commit(), await commit(), await commit()];
      for (const event of events) relay.receive(event);
      expect(await relay.replay(events[2]!.seq, 'another-epoch')).to.deep.equal({ resyncRequired: true });
      expect(await relay.replay(events[3]!.seq + 5, epoch), 'ahead of the head').to.deep.equal({ resyncRequired: true });
      expect(await relay.replay(0, epoch), 'four to send, two allowed').to.deep.equal({ resyncRequired: true });
      await database.stores.outbox.markSent(events[0]!.seq, 1);
      await database.stores.outbox.pruneSent(Number.MAX_SAFE_INTEGER, 1);
      expect(await relay.replay(events[1]!.seq - 2, epoch), 'below the outbox floor').to.deep.equal({ resyncRequired: true });
      const recent = await relay.replay(events[1]!.seq, epoch);
      expect(recent.resyncRequired ? null : recent.events.map((e) => e.seq)).to.deep.equal([events[2]!.seq, events[3]!.seq]);
    });
  });

  it('takes a new epoch from a head check after the outbox was reset, and starts over from its head', async () => {
    const { relay, commit, database } = await fixture();
    relay.receive(await commit());
    const before = await relay.status();
    database.truncateOutbox();
    await relay.checkHead();
    const after = await relay.status();
    expect(after.epoch).to.not.equal(before.epoch);
    expect(after.seq).to.equal(0);
  });
});
