import { expect } from 'chai';
import { CardStore } from '../../packages/live-cards-client/src/card-store.js';
import { bestEstimate, sampleServerClock } from '../../packages/live-cards-client/src/clock-offset.js';
import { StreamSequencer } from '../../packages/live-cards-client/src/stream-sequencer.js';
import { aCard } from '../realtime/live-event-builder.js';

describe('StreamSequencer', () => {
  it('advances through consecutive seqs and calls repeats duplicates', () => {
    const s = new StreamSequencer();
    s.rebase(4);
    expect([5, 6, 6, 3].map((seq) => s.accept(seq))).to.deep.equal(['next', 'next', 'duplicate', 'duplicate']);
    expect(s.lastContiguous()).to.equal(6);
    expect(s.isBehind()).to.equal(false);
  });

  it('holds a seq beyond a gap and closes the gap when the missing one arrives', () => {
    const s = new StreamSequencer();
    s.rebase(4);
    expect(s.accept(7)).to.equal('ahead');
    expect(s.accept(6)).to.equal('ahead');
    expect(s.isBehind()).to.equal(true);
    expect(s.accept(7)).to.equal('duplicate');
    expect(s.accept(5)).to.equal('next');
    expect(s.lastContiguous()).to.equal(7);
    expect(s.isBehind()).to.equal(false);
  });

  it('is behind when a heartbeat names a later seq, and a snapshot at that seq catches it up', () => {
    const s = new StreamSequencer();
    s.rebase(4);
    s.observeHead(9);
    expect(s.isBehind()).to.equal(true);
    s.accept(11);
    s.rebase(10);
    expect(s.lastContiguous()).to.equal(11);
    expect(s.isBehind()).to.equal(false);
  });

  it('keeps events received before the first snapshot without calling them a gap', () => {
    const s = new StreamSequencer();
    expect(s.accept(21)).to.equal('ahead');
    expect(s.isBehind()).to.equal(false);
    s.rebase(20);
    expect(s.lastContiguous()).to.equal(21);
  });
});

describe('CardStore', () => {
  it('lets the snapshot replace cards last set at or before its seq, but not later ones', () => {
    const store = new CardStore();
    store.applySnapshot(10, [aCard({ id: 1, version: 1 }), aCard({ id: 2, version: 1 })]);
    store.applyEvent(11, [aCard({ id: 3, version: 1 })], []);
    store.applyEvent(13, [aCard({ id: 2, version: 3 })], [1]);
    store.applySnapshot(12, [aCard({ id: 1, version: 2 }), aCard({ id: 2, version: 2 })]);
    expect([...store.all().values()].map((c) => [c.id, c.version])).to.deep.equal([[2, 3]]);
  });

  it('does not bring back a removed card when an older snapshot (a cached answer of another instance) arrives after a newer one', () => {
    const store = new CardStore();
    store.applySnapshot(10, [aCard({ id: 1, version: 1 }), aCard({ id: 2, version: 1 })]);
    store.applyEvent(12, [], [1]);
    expect(store.applySnapshot(13, [aCard({ id: 2, version: 1 })]), 'the newer snapshot is applied').to.equal(true);
    expect(store.applySnapshot(11, [aCard({ id: 1, version: 1 }), aCard({ id: 2, version: 1 })]), 'the older one is not').to.equal(false);
    expect([...store.all().keys()]).to.deep.equal([2]);
    // Polling reads the same way: a later poll answered from an older cache changes nothing either.
    store.applyEvent(14, [aCard({ id: 2, version: 2 })], []);
    store.applySnapshot(12, [aCard({ id: 1, version: 1 }), aCard({ id: 2, version: 1 })]);
    expect([...store.all().values()].map((c) => [c.id, c.version])).to.deep.equal([[2, 2]]);
  });

  it('takes a same-version snapshot card that shows a later status (a boundary passed before its event)', () => {
    const store = new CardStore();
    store.applySnapshot(5, [aCard({ id: 1, version: 2, saleStatus: 'OPEN_SOON_5M', reservationButtonVisible: false, reservationButtonEnabled: false })]);
    store.applySnapshot(5, [aCard({ id: 1, version: 2, saleStatus: 'OPEN', reservationButtonVisible: true, reservationButtonEnabled: true })]);
    expect(store.get(1)).to.include({ version: 2, saleStatus: 'OPEN', reservationButtonEnabled: true });
    // The transition's own event then brings the next version.
    store.applyEvent(6, [aCard({ id: 1, version: 3, saleStatus: 'OPEN' })], []);
    expect(store.get(1)).to.include({ version: 3, saleStatus: 'OPEN' });
  });

  it('never takes a card back to an earlier status at the same version, and keeps the held object when nothing moved', () => {
    const store = new CardStore();
    store.applySnapshot(5, [aCard({ id: 1, version: 2, saleStatus: 'OPEN' })]);
    const held = store.get(1);
    store.applySnapshot(5, [aCard({ id: 1, version: 2, saleStatus: 'OPEN_SOON_5M' })]);
    expect(store.get(1)).to.equal(held);
    store.applySnapshot(7, [aCard({ id: 1, version: 2, saleStatus: 'OPEN' })]);
    expect(store.get(1), 'same card object, so a page can compare by identity').to.equal(held);
    store.applyEvent(8, [aCard({ id: 1, version: 2, saleStatus: 'OPEN' })], []);
    expect(store.get(1)).to.equal(held);
  });

  it('returns the same view until something changes', () => {
    const store = new CardStore();
    store.applySnapshot(1, [aCard({ id: 1, version: 1 })]);
    const view = store.all();
    store.applyEvent(2, [aCard({ id: 1, version: 1 })], []);
    expect(store.all()).to.equal(view);
    store.applyEvent(3, [aCard({ id: 1, version: 2 })], []);
    expect(store.all()).not.to.equal(view);
  });
});

describe('clock offset estimation', () => {
  it('keeps the sample with the smallest round trip', () => {
    const estimate = bestEstimate([
      { sentAtLocalMs: 0, receivedAtLocalMs: 100, serverNowEpochMs: 1_000 },
      { sentAtLocalMs: 200, receivedAtLocalMs: 210, serverNowEpochMs: 1_105 },
      { sentAtLocalMs: 300, receivedAtLocalMs: 340, serverNowEpochMs: 1_400 },
    ]);
    expect(estimate).to.deep.equal({ offsetMs: 900, roundTripMs: 10 });
  });

  it('skips failed and mismatched round trips', async () => {
    let local = 0;
    let call = 0;
    const estimate = await sampleServerClock(
      async (sentAt) => {
        call += 1;
        local += 4;
        if (call === 1) throw new Error('timeout');
        if (call === 2) return { serverNowEpochMs: 50, clientSentAtMs: sentAt + 1 };
        return { serverNowEpochMs: sentAt + 1_002, clientSentAtMs: sentAt };
      },
      () => local,
      3,
    );
    expect(estimate).to.deep.equal({ offsetMs: 1_000, roundTripMs: 4 });
  });
});
