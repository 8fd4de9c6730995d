// End to end on one instance (in-process, through the real composition root, on a fresh PostgreSQL
// database, with the REAL clock): a time boundary reaching a reference client, server-time sync
// for clients with wrong local clocks, the outbox re-sending a committed-but-unsent change, and a
// reservation rush coalesced into a few INVENTORY_CHANGED events that end in SOLD_OUT.

import { expect } from 'chai';
import type { CardResponse, SearchResponse } from '../../src/contract/wire.js';
import { PORTS, valueOf } from '../../src/bootstrap/container.js';
import { CardPublication } from '../../src/application/publication/card-publication.js';
import { assertMatchesAsyncApi } from '../support/asyncapi-check.js';
import { createConcert, json, startTestService, type InProcessService } from '../support/service-harness.js';
import { eventually, LiveProbe, sleep } from './live-probe.js';

describe('Live cards on one instance (real clock, real PostgreSQL)', function () {
  this.timeout(30_000);
  let svc: InProcessService;
  const probes: LiveProbe[] = [];

  const probe = async (name: string, options: ConstructorParameters<typeof LiveProbe>[2] = {}) => {
    const p = new LiveProbe(name, svc.baseUrl, options);
    probes.push(p);
    return p.start();
  };
  const getJson = async <T>(path: string): Promise<T> => json<T>(await fetch(`${svc.baseUrl}${path}`));

  before(async () => {
    svc = await startTestService({ env: { RECONCILE_EVERY_MS: '500' } });
  });

  afterEach(() => {
    for (const p of probes.splice(0)) p.close();
  });

  after(async () => {
    await svc?.stop();
  });

  it('delivers one SALE_STATUS_TRANSITION with the card OPEN, after openAt and within 1 s of it', async () => {
    const client = await probe('solo');
    const openAt = Date.now() + 2_000;
    const created = await createConcert(svc.baseUrl, {
      title: 'Opens in two seconds',
      artistName: 'Clockwork',
      totalSeatCount: 40,
      generalSaleStartAt: new Date(openAt).toISOString(),
    });
    expect(created.saleStatus).to.equal('OPEN_SOON_5M');

    await eventually('the OPEN transition', () => client.openings(created.id).length > 0, 5_000);
    await sleep(1_500); // room for a repeat to show up if there were one

    const aboutCard = client.raw.filter((r) => r.event.items.some((c) => c.id === created.id));
    const transitions = aboutCard.filter((r) => r.event.reason === 'SALE_STATUS_TRANSITION');
    expect(transitions, 'SALE_STATUS_TRANSITION events on the wire for the card').to.have.length(1);
    const [{ event, receivedAt }] = transitions as [(typeof transitions)[number]];
    const item = event.items.find((c) => c.id === created.id)!;
    expect(item).to.include({ saleStatus: 'OPEN', saleOpensInSeconds: 0, reservationButtonEnabled: true });
    expect(receivedAt, 'received at or after openAt').to.be.at.least(openAt);
    expect(receivedAt - openAt, 'receipt lag (ms)').to.be.at.most(1_000);
    expect(event.serverNowEpochMs, 'server emit time at or after openAt').to.be.at.least(openAt);
    expect(event.serverNowEpochMs - openAt, 'server emit lag (ms)').to.be.at.most(1_000);
    assertMatchesAsyncApi('CONCERTS_REFRESH', event);

    // CreateConcert published CONCERT_UPDATED first; the transition comes after it in the stream.
    expect(aboutCard.map((r) => r.event.reason)).to.deep.equal(['CONCERT_UPDATED', 'SALE_STATUS_TRANSITION']);
    expect(aboutCard[0]!.event.seq).to.be.below(event.seq);
    expect(client.client.cards().get(created.id)).to.deep.equal(item);

    const search = await getJson<SearchResponse>('/api/concerts/search?size=100');
    const card = await getJson<CardResponse>(`/api/concerts/${created.id}/card`);
    expect(search.seq, 'search snapshot seq').to.be.at.least(event.seq);
    expect(card.seq, 'card snapshot seq').to.be.at.least(event.seq);
    expect(card.card).to.include({ saleStatus: 'OPEN', version: item.version });
    console.log(`      single instance: OPEN received ${receivedAt - openAt} ms after openAt (server emitted at +${event.serverNowEpochMs - openAt} ms), seq ${event.seq}`);
  });

  it('gives clients whose local clocks are minutes apart the same serverNow() and saleOpensInSeconds', async () => {
    const openAt = Math.ceil((Date.now() + 150_000) / 1_000) * 1_000;
    const created = await createConcert(svc.baseUrl, {
      title: 'Opens in two and a half minutes',
      artistName: 'Skew',
      totalSeatCount: 10,
      generalSaleStartAt: new Date(openAt).toISOString(),
    });
    const behind = await probe('three minutes slow', { localNow: () => Date.now() - 180_000 });
    const ahead = await probe('two minutes fast', { localNow: () => Date.now() + 120_000 });
    expect(behind.client.clockOffsetMs()).to.be.closeTo(180_000, 50);
    expect(ahead.client.clockOffsetMs()).to.be.closeTo(-120_000, 50);

    // Compare away from a whole-second edge of the countdown, where a few ms may flip the ceil.
    while ((openAt - Date.now()) % 1_000 < 150 || (openAt - Date.now()) % 1_000 > 850) await sleep(50);
    const [a, b, truth] = [behind.client.serverNow(), ahead.client.serverNow(), Date.now()];
    expect(Math.abs(a - b), 'serverNow() difference between the clients (ms)').to.be.below(50);
    expect(Math.abs(a - truth), 'serverNow() against the server clock (same host)').to.be.below(50);

    const card = behind.client.cards().get(created.id)!;
    expect(card, 'the card is in the snapshot').to.not.equal(undefined);
    const seconds = behind.client.saleOpensInSeconds(card);
    expect(seconds).to.equal(ahead.client.saleOpensInSeconds(ahead.client.cards().get(created.id)!));
    expect(seconds).to.equal(Math.ceil((openAt - Date.now()) / 1_000));
    console.log(`      clock skew: offsets ${Math.round(behind.client.clockOffsetMs())} / ${Math.round(ahead.client.clockOffsetMs())} ms, serverNow() differ by ${Math.abs(a - b).toFixed(1)} ms, both say ${seconds} s`);
  });

  // A snapshot from a kept search page (SNAPSHOT_MAX_AGE_MS) must not hide a change published just
  // before the client connected: the page is re-read after this instance's own change, and a new
  // socket is greeted with a heartbeat, so the client sees the head and resyncs.
  it('gives a client started just after a change that change within gapWaitMs, even from a kept search page', async () => {
    await getJson<SearchResponse>('/api/concerts/search?size=100'); // someone else's page load keeps the page
    const created = await createConcert(svc.baseUrl, { title: 'Just created', artistName: 'Late Joiner', totalSeatCount: 5 });
    const client = await probe('late joiner', { gapWaitMs: 300 });
    await eventually('the new card on the late joiner', () => client.client.cards().has(created.id), 2_000);
  });

  it('sends a change committed but never emitted (crash between commit and emit) from the reconcile job, seen once', async () => {
    // A long gap wait: a heartbeat announcing the unsent seq must not make them resync it instead.
    const clients = [await probe('outbox A', { gapWaitMs: 10_000 }), await probe('outbox B', { gapWaitMs: 10_000 })];
    const created = await createConcert(svc.baseUrl, {
      title: 'Committed, then the instance died',
      artistName: 'Outbox',
      totalSeatCount: 30,
      generalSaleStartAt: new Date(Date.now() - 60_000).toISOString(),
    });
    await eventually('the new card on both clients', () => clients.every((c) => c.client.cards().has(created.id)), 3_000);

    // What the engine commits for a seat change — card state advanced, outbox row appended — with
    // no delivery after it: the process "died" right after commit.
    const c = svc.service.container;
    await valueOf(c, PORTS.SeatInventory).takeSeats(created.id, 3, Date.now());
    const dying = new CardPublication(valueOf(c, PORTS.PublicationTransactions), { afterCommit: async () => undefined }, valueOf(c, PORTS.CardsDue), { now: () => Date.now() }, valueOf(c, PORTS.PublicationObserver));
    const committedAt = Date.now();
    const recorded = (await dying.publish({ reason: 'INVENTORY_CHANGED', concertIds: [created.id] })).change!;

    await eventually('the reconcile job to send the row', () => clients.every((c) => c.raw.some((r) => r.event.seq === recorded.seq)), 8_000);
    await sleep(1_500); // a second reconcile round must not send it again
    const lateness = clients.map((c) => c.raw.find((r) => r.event.seq === recorded.seq)!.receivedAt - committedAt);
    for (const c of clients) {
      expect(c.applied.filter((r) => r.event.seq === recorded.seq), `${c.name}: applied`).to.have.length(1);
      expect(c.raw.filter((r) => r.event.seq === recorded.seq), `${c.name}: on the wire`).to.have.length(1);
      expect(c.client.cards().get(created.id)).to.include({ availableSeatCount: 27, version: recorded.items[0]!.version });
      assertMatchesAsyncApi('CONCERTS_REFRESH', c.raw.find((r) => r.event.seq === recorded.seq)!.event);
    }
    expect(await valueOf(c, PORTS.UnsentChanges).findUnsent(Date.now(), 10), 'unsent rows left').to.deep.equal([]);
    console.log(`      outbox: unsent seq ${recorded.seq} delivered ${lateness.join(' / ')} ms after commit (grace 2000 ms, reconcile every 500 ms); raw copies per client ${clients.map((c) => c.raw.filter((r) => r.event.seq === recorded.seq).length).join('/')}`);
  });

  it('sells 100 seats to 200 parallel single-seat reservations, ends SOLD_OUT, in far fewer than 100 INVENTORY_CHANGED events', async () => {
    const client = await probe('rush');
    const created = await createConcert(svc.baseUrl, {
      title: 'Rush',
      artistName: 'Hundred Seats',
      totalSeatCount: 100,
      generalSaleStartAt: new Date(Date.now() - 60_000).toISOString(),
    });
    expect(created.saleStatus).to.equal('OPEN');
    await eventually('the new card on the client', () => client.client.cards().has(created.id), 3_000);
    const startedAt = Date.now();

    let lastSeatTakenAt = 0;
    const statuses = await Promise.all(
      Array.from({ length: 200 }, () =>
        fetch(`${svc.baseUrl}/api/concerts/${created.id}/reservations`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ quantity: 1 }),
        }).then(async (response) => {
          await response.arrayBuffer();
          if (response.status === 201) lastSeatTakenAt = Math.max(lastSeatTakenAt, Date.now());
          return response.status;
        }),
      ),
    );
    const tookMs = Date.now() - startedAt;
    expect(statuses.filter((s) => s === 201), '201 Created').to.have.length(100);
    expect(statuses.filter((s) => s === 409), '409 Conflict').to.have.length(100);

    await eventually('the client to see SOLD_OUT', () => client.client.cards().get(created.id)?.saleStatus === 'SOLD_OUT', 5_000);
    await sleep(1_000); // past the coalescing window and a reconcile round: nothing may follow SOLD_OUT

    const card = await json<CardResponse>(await fetch(`${svc.baseUrl}/api/concerts/${created.id}/card`));
    expect(card.card).to.include({ availableSeatCount: 0, saleStatus: 'SOLD_OUT', reservationButtonEnabled: false });
    const aboutCard = client.applied.filter((r) => r.event.items.some((c) => c.id === created.id));
    const inventoryEvents = aboutCard.filter((r) => r.event.reason === 'INVENTORY_CHANGED');
    const last = [...aboutCard].sort((x, y) => x.event.seq - y.event.seq).at(-1)!;
    expect(last.event.items.find((c) => c.id === created.id)).to.include({ saleStatus: 'SOLD_OUT', availableSeatCount: 0 });
    expect(inventoryEvents.length, 'INVENTORY_CHANGED events').to.be.within(1, 19);
    expect(client.rawDuplicates()).to.equal(0);
    const seats = inventoryEvents.map((r) => r.event.items.find((c) => c.id === created.id)!.availableSeatCount);
    expect(seats, 'seats only go down across events').to.deep.equal([...seats].sort((x, y) => y - x));
    const soldOutLag = last.receivedAt - lastSeatTakenAt;
    console.log(`      rush: 200 requests in ${tookMs} ms -> ${inventoryEvents.length} INVENTORY_CHANGED events (seats ${seats.join(' > ')}), SOLD_OUT received ${soldOutLag} ms after the last 201 response`);
  });
});
