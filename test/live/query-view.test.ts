// A query's view on a real service instance (in-process, real PostgreSQL and Redis): it holds
// exactly the cards of its page, its socket watches only those, and a catalogue notice that could
// change the page makes it re-read it. The review's case: `keyword=zeta, size=2`.

import { expect } from 'chai';
import { io } from 'socket.io-client';
import type { RefreshEvent } from '../../src/contract/wire.js';
import { LiveCardsStore } from '../../packages/live-cards-client/src/live-cards-store.js';
import type { SocketFactory } from '../../packages/live-cards-client/src/live-connection.js';
import { adminHeaders, createConcert, startTestService, type InProcessService } from '../support/service-harness.js';
import { eventually, sleep } from '../realtime/gateway-harness.js';

const SMALL_POOLS = { DATABASE_POOL_SIZE: '3', AGENDA_POOL_SIZE: '3' };

describe('client package: a query view on a real service', function () {
  this.timeout(60_000);
  let service: InProcessService;
  const stores: LiveCardsStore[] = [];

  before(async () => {
    service = await startTestService({ env: SMALL_POOLS });
  });
  after(async () => {
    await service?.stop();
  });
  afterEach(() => {
    for (const store of stores.splice(0)) store.stop();
  });

  /** A view of `query` that counts its snapshot reads and records what its socket received. */
  const openView = (query: Record<string, string | number>) => {
    const searches: string[] = [];
    const received: RefreshEvent[] = [];
    const sockets: ReturnType<typeof io>[] = [];
    const countingFetch: typeof fetch = (input, init) => {
      if (String(input).includes('/api/concerts/search')) searches.push(String(input));
      return fetch(input, init);
    };
    const recordingIo: SocketFactory = (url, options) => {
      const socket = io(url, options);
      sockets.push(socket);
      socket.on('CONCERTS_REFRESH', (event: RefreshEvent) => received.push(event));
      return socket;
    };
    const store = new LiveCardsStore({ baseUrl: service.baseUrl, query, fetch: countingFetch, io: recordingIo, rereadJitterMs: { min: 20, max: 60 } });
    stores.push(store);
    store.subscribe(() => undefined);
    return { store, searches, received, sockets, titles: () => store.getSnapshot().cards.map((card) => card.title) };
  };
  const edit = (id: number, body: Record<string, unknown>) =>
    fetch(`${service.baseUrl}/api/admin/concerts/${id}`, { method: 'PUT', headers: adminHeaders(), body: JSON.stringify(body) }).then((r) => expect(r.status).to.equal(200));
  const remove = (id: number) => fetch(`${service.baseUrl}/api/admin/concerts/${id}`, { method: 'DELETE', headers: adminHeaders() }).then((r) => expect(r.status).to.equal(204));

  it('keyword=zeta, size=2: does not gain an unrelated concert, gains a matching one, drops one that left, and hears only of its own cards', async () => {
    const zetaOne = await createConcert(service.baseUrl, { title: 'Zeta One', artistName: 'Aurora', totalSeatCount: 10 });
    const other = await createConcert(service.baseUrl, { title: 'Other Show', artistName: 'Bram', totalSeatCount: 10 });
    const view = openView({ keyword: 'zeta', size: 2 });
    await eventually(() => view.store.getSnapshot().status.connection === 'connected', 10_000);
    expect(view.titles()).to.deep.equal(['Zeta One']);
    // The notices of the two creations above (sent within 250 ms) may still make it re-read once.
    await sleep(800);
    const first = view.searches.length;

    // An unrelated concert created elsewhere: the catalogue notice makes the view re-read, and the server's answer does not hold it.
    await createConcert(service.baseUrl, { title: 'Unrelated Gala', artistName: 'Cleo', totalSeatCount: 10 });
    await eventually(() => view.searches.length === first + 1, 10_000);
    await sleep(200);
    expect(view.titles()).to.deep.equal(['Zeta One']);

    // A matching one appears without a reload.
    const zetaTwo = await createConcert(service.baseUrl, { title: 'Zeta Two', artistName: 'Dana', totalSeatCount: 10 });
    await eventually(() => view.titles().length === 2, 10_000);
    expect(view.titles()).to.deep.equal(['Zeta One', 'Zeta Two']);

    // The page is full: a third match is on the next page, not here.
    const zetaThree = await createConcert(service.baseUrl, { title: 'Zeta Three', artistName: 'Eli', totalSeatCount: 10 });
    const reads = view.searches.length;
    await eventually(() => view.searches.length > reads, 10_000);
    await sleep(200);
    expect(view.titles()).to.deep.equal(['Zeta One', 'Zeta Two']);

    // An edit that stops a member matching drops it, and the next match moves up.
    await edit(zetaOne.id, { title: 'Plain One' });
    await eventually(() => view.titles()[0] === 'Zeta Two', 10_000);
    expect(view.titles()).to.deep.equal(['Zeta Two', 'Zeta Three']);

    // Its socket watches its page only: a seat change of a concert it does not show never reaches it.
    const before = view.received.length;
    await edit(other.id, { totalSeatCount: 20 });
    await edit(zetaTwo.id, { totalSeatCount: 30 });
    await eventually(() => view.store.getSnapshot().cards[0]?.totalSeatCount === 30, 10_000);
    const cardEvents = view.received.slice(before).filter((event) => event.reason !== 'CATALOGUE_CHANGED');
    expect(cardEvents.flatMap((event) => event.items.map((card) => card.id))).to.deep.equal([zetaTwo.id]);

    // A removed member leaves.
    await remove(zetaThree.id);
    await eventually(() => view.titles().length === 1, 10_000);
    expect(view.titles()).to.deep.equal(['Zeta Two']);
  });

  it('after its connection drops, replays its cards from its seq instead of re-reading its page', async () => {
    const kept = await createConcert(service.baseUrl, { title: 'Kappa Hall', artistName: 'Fay', totalSeatCount: 10 });
    const view = openView({ keyword: 'kappa' });
    await eventually(() => view.store.getSnapshot().status.connection === 'connected', 10_000);
    // The catalogue notice of its own creation (sent within 250 ms) may still make it re-read once.
    await sleep(800);
    const reads = view.searches.length;
    view.sockets[0]!.io.engine.close();
    await edit(kept.id, { totalSeatCount: 44 });
    await eventually(() => view.store.getSnapshot().cards[0]?.totalSeatCount === 44, 15_000);
    expect(view.store.getSnapshot().status.connection).to.equal('connected');
    expect(view.searches, 'no snapshot read on reconnect').to.have.length(reads);
  });

  it('a status-filtered view ("opening soon") shows a card flip on time, then lets it go once the server says it left the filter', async () => {
    const openAt = Math.ceil((Date.now() + 2_500) / 1_000) * 1_000; // the admin API takes whole seconds
    const soon = await createConcert(service.baseUrl, { title: 'Sigma Soon', artistName: 'Gil', totalSeatCount: 10, generalSaleStartAt: new Date(openAt).toISOString().replace('.000Z', 'Z') });
    const view = openView({ keyword: 'sigma', saleStatus: 'PREOPEN,OPEN_SOON_1H,OPEN_SOON_5M' });
    await eventually(() => view.store.getSnapshot().status.connection === 'connected' && view.titles().length === 1, 10_000);
    expect(view.store.getSnapshot().cards[0]).to.include({ id: soon.id, saleStatus: 'OPEN_SOON_5M' });
    const shown: string[] = [];
    view.store.subscribe(() => shown.push(view.store.getSnapshot().cards.map((card) => card.saleStatus).join(',')));
    await eventually(() => view.titles().length === 0, 10_000);
    expect(Date.now()).to.be.at.least(openAt);
    expect(shown, 'shown OPEN before it left the view').to.include('OPEN');
    expect(view.searches.length, 'the notice made it re-read its page').to.be.at.least(2);
  });
});
