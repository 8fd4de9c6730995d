// The framework-free store of the client package: which cards a query's view shows (decided by the
// server's snapshots, never restated), and the subscribe/getSnapshot pair React's
// useSyncExternalStore takes, against a fake service whose snapshot and events the test controls.

import { expect } from 'chai';
import type { CardJson, RefreshEvent, SearchResponse } from '../../src/contract/wire.js';
import { createLiveCards } from '../../packages/live-cards-client/src/live-cards.js';
import { LiveCardsStore } from '../../packages/live-cards-client/src/live-cards-store.js';
import { ViewMembership } from '../../packages/live-cards-client/src/view-membership.js';
import { eventually, sleep } from '../realtime/gateway-harness.js';
import { aCard } from '../realtime/live-event-builder.js';
import { startFakeLiveServer, type FakeLiveServer } from './fake-live-server.js';

// No announcement unless a test gives one: the mother's card announces a change long past, which a client would apply.
const card = (id: number, version = 1, overrides: Partial<CardJson> = {}): CardJson => aCard({ id, version, nextChange: null, ...overrides });
const answer = (ids: number[], more: Partial<Pick<SearchResponse, 'page' | 'hasNext'>> = {}) => ({ items: ids.map((id) => card(id)), page: 0, hasNext: false, ...more });
const event = (reason: RefreshEvent['reason'], items: number[], removedIds: number[] = []) => ({ reason, items: items.map((id) => card(id, 2)), removedIds });

const notice = (changedFields: RefreshEvent['changedFields'], changedIds: number[] = [9]) => ({ reason: 'CATALOGUE_CHANGED' as const, removedIds: [], changedIds, changedFields });
const removal = (removedIds: number[]) => ({ reason: 'CONCERT_REMOVED' as const, removedIds, changedIds: [], changedFields: [] });

describe('client package: view membership', () => {
  it('shows the snapshot in its order', () => {
    const view = new ViewMembership({ sort: 'title,asc' });
    view.snapshot(answer([3, 1, 2]));
    expect(view.ids()).to.deep.equal([3, 1, 2]);
    expect(view.cardsFrom(new Map([[1, card(1)], [3, card(3)]])).map((c) => c.id)).to.deep.equal([3, 1]);
  });

  it('never re-reads for a card event: status and seat changes only update members', () => {
    const view = new ViewMembership({ keyword: 'tour' });
    view.snapshot(answer([1, 2]));
    for (const reason of ['SALE_STATUS_TRANSITION', 'INVENTORY_CHANGED', 'CONCERT_UPDATED'] as const) {
      expect(view.refresh({ reason, removedIds: [], changedIds: [], changedFields: [] }), reason).to.equal(false);
    }
    expect(view.ids()).to.deep.equal([1, 2]);
  });

  it('re-reads on a catalogue notice that could move its answer, and not on one that cannot', () => {
    const keyword = new ViewMembership({ keyword: 'zeta', size: 2 });
    keyword.snapshot(answer([1, 2]));
    expect(keyword.refresh(notice(['created'])), 'a new concert may match').to.equal(true);
    expect(keyword.refresh(notice(['title'])), 'an edited title may stop or start matching').to.equal(true);
    expect(keyword.refresh(notice(['saleStatus'])), 'no status filter').to.equal(false);
    expect(keyword.refresh(notice(['saleOpensAt'])), 'not sorted by sale start').to.equal(false);
    const byStatus = new ViewMembership({ saleStatus: 'OPEN_SOON_5M,OPEN_SOON_1H' });
    byStatus.snapshot(answer([1, 2]));
    expect(byStatus.refresh(notice(['saleStatus']))).to.equal(true);
    expect(byStatus.refresh(notice(['saleOpensAt'])), 'the status follows the sale start').to.equal(true);
    expect(byStatus.refresh(notice(['artistName']))).to.equal(false);
    const bySaleStart = new ViewMembership({ sort: 'saleOpensAt,asc' });
    bySaleStart.snapshot(answer([1, 2]));
    expect(bySaleStart.refresh(notice(['saleOpensAt']))).to.equal(true);
    expect(bySaleStart.refresh(notice(['title']))).to.equal(false);
    expect(keyword.ids(), 'the server decides, not the notice').to.deep.equal([1, 2]);
  });

  it('drops a removed member, and re-reads when it leaves a gap a next page fills', () => {
    const whole = new ViewMembership({});
    whole.snapshot(answer([1, 2, 3]));
    expect(whole.refresh(removal([2, 40]))).to.equal(false);
    expect(whole.refresh(notice(['removed'], [3]))).to.equal(false);
    expect(whole.ids()).to.deep.equal([1]);
    const paged = new ViewMembership({ size: 2 });
    paged.snapshot(answer([1, 2], { hasNext: true }));
    expect(paged.refresh(notice(['removed'], [1]))).to.equal(true);
    expect(paged.ids()).to.deep.equal([2]);
  });
});

describe('client package: live cards store', () => {
  let server: FakeLiveServer;
  const stores: LiveCardsStore[] = [];
  const open = (query = {}) => {
    const store = new LiveCardsStore({ baseUrl: server.url, query, lingerMs: 100, rereadJitterMs: { min: 0, max: 0 } });
    stores.push(store);
    return store;
  };

  beforeEach(async () => {
    server = await startFakeLiveServer({ seq: 10, items: [card(2, 1), card(1, 1)] });
  });
  afterEach(async () => {
    for (const store of stores.splice(0)) store.stop();
    await server.stop();
  });

  it('starts on the first subscriber and shows the query answer in the server order, then live', async () => {
    const store = open({ keyword: 'tour' });
    expect(store.getSnapshot().status.ready).to.equal(false);
    let notified = 0;
    store.subscribe(() => (notified += 1));
    await eventually(() => store.getSnapshot().status.connection === 'connected');
    const first = store.getSnapshot();
    expect(first.cards.map((c) => [c.id, c.version])).to.deep.equal([[2, 1], [1, 1]]);
    expect(first.status).to.include({ ready: true, mode: 'websocket', hybridPollIntervalMillis: 30_000, error: null });
    expect(first.seq).to.equal(10);
    expect(server.snapshotRequests[0]).to.equal('?keyword=tour&protocolVersion=1');
    expect(notified).to.be.greaterThan(0);

    server.refresh({ seq: 11, reason: 'SALE_STATUS_TRANSITION', items: [card(1, 2, { saleStatus: 'OPEN' })] });
    await eventually(() => store.getSnapshot().seq === 11);
    expect(store.getSnapshot().cards.map((c) => [c.id, c.version, c.saleStatus])).to.deep.equal([[2, 1, first.cards[0]?.saleStatus], [1, 2, 'OPEN']]);
    expect(store.getSnapshot().cards[0], 'an unchanged card keeps its identity').to.equal(first.cards[0]);
    expect(server.snapshotRequests).to.have.length(1);
  });

  it('keeps a search view to what the server answers: a concert the query does not match never shows', async () => {
    const store = open({ keyword: 'tour' });
    store.subscribe(() => undefined);
    await eventually(() => store.getSnapshot().status.connection === 'connected');
    // A concert created elsewhere: the notice names it; the server's answer to the query does not.
    server.snapshot.seq = 11;
    server.refresh({ seq: 11, reason: 'CATALOGUE_CHANGED', changedIds: [9], changedFields: ['created'] });
    await eventually(() => server.snapshotRequests.length === 2);
    await sleep(100);
    expect(store.getSnapshot().cards.map((c) => c.id)).to.deep.equal([2, 1]);
    // Now the server's answer holds it (an edit made it match): the re-read after the next notice shows it.
    server.snapshot.items = [card(2, 1), card(9, 2, { title: 'Tour of something' }), card(1, 1)];
    server.snapshot.seq = 12;
    server.refresh({ seq: 12, reason: 'CATALOGUE_CHANGED', changedIds: [9], changedFields: ['title'] });
    await eventually(() => store.getSnapshot().cards.length === 3);
    expect(store.getSnapshot().cards.map((c) => c.id)).to.deep.equal([2, 9, 1]);
  });

  it('gives the same snapshot object while nothing it shows changed', async () => {
    const store = open({ keyword: 'tour' });
    store.subscribe(() => undefined);
    await eventually(() => store.getSnapshot().status.connection === 'connected');
    const before = store.getSnapshot();
    server.refresh({ seq: 11, reason: 'INVENTORY_CHANGED', items: [card(30, 4)] });
    await eventually(() => store.getSnapshot().seq === 11);
    expect(store.getSnapshot().cards).to.equal(before.cards);
    expect(store.getSnapshot().status).to.equal(before.status);
  });

  it('stops its socket after the last subscriber left, and not while another one came back in time', async () => {
    const store = open();
    const leave = store.subscribe(() => undefined);
    await eventually(() => server.connectedSockets() === 1);
    leave();
    const again = store.subscribe(() => undefined);
    await sleep(200);
    expect(server.connectedSockets()).to.equal(1);
    again();
    await eventually(() => server.connectedSockets() === 0);
    expect(store.isActive()).to.equal(false);
  });

  it('shares one view per query, and finds a card in the live views (highest version)', async () => {
    const live = createLiveCards({ baseUrl: server.url, lingerMs: 100 });
    try {
      expect(live.view({ keyword: 'tour', size: 5 })).to.equal(live.view({ size: 5, keyword: 'tour' }));
      expect(live.view({})).to.equal(live.view({ keyword: '' }));
      expect(live.card(1)).to.equal(undefined);
      expect(live.status().ready).to.equal(false);
      let changes = 0;
      live.subscribe(() => (changes += 1));
      live.view({}).subscribe(() => undefined);
      await eventually(() => live.status().connection === 'connected');
      expect(live.card(1)?.version).to.equal(1);
      expect(changes).to.be.greaterThan(0);
      expect(Math.abs(live.serverNow() - Date.now())).to.be.lessThan(1_000);
    } finally {
      live.close();
    }
  });
});
