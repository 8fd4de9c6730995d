// Cards at each status, admin security and CRUD, reservations and highlights, through the real
// composition root with a controllable clock bound in place of the system clock.

import { expect } from 'chai';
import type { CardJson, CardResponse, HighlightsResponse } from '../../src/contract/wire.js';
import { AdjustableClock } from '../support/adjustable-clock.js';
import { assertMatchesOpenApi } from '../support/openapi-check.js';
import { adminHeaders, createConcert, json, startTestService, type InProcessService } from '../support/service-harness.js';

const OPEN_AT = Date.UTC(2030, 5, 1, 12, 0, 0);
const MINUTE = 60_000;

describe('cards, admin and reservations over HTTP', function () {
  const clock = new AdjustableClock(OPEN_AT - 2 * 60 * MINUTE);
  let svc: InProcessService;
  let base: string;

  before(async () => {
    svc = await startTestService({ clock });
    base = svc.baseUrl;
  });
  after(() => svc.stop());

  async function card(id: number): Promise<CardJson> {
    const response = await fetch(`${base}/api/concerts/${id}/card`);
    expect(response.status).to.equal(200);
    const body = await json<CardResponse>(response);
    assertMatchesOpenApi('get', '/api/concerts/:id/card', 200, body);
    expect(body.serverNowEpochMs).to.equal(clock.now());
    return body.card;
  }

  async function reserve(id: number, quantity: number): Promise<Response> {
    return fetch(`${base}/api/concerts/${id}/reservations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ quantity }) });
  }

  describe('sale status on the server clock', () => {
    let id: number;
    before(async () => {
      clock.set(OPEN_AT - 2 * 60 * MINUTE);
      id = (await createConcert(base, { title: 'Clocked', artistName: 'Tick', totalSeatCount: 10, generalSaleStartAt: new Date(OPEN_AT).toISOString() })).id;
    });

    const steps: [string, number, Partial<CardJson>][] = [
      ['two hours before', OPEN_AT - 120 * MINUTE, { saleStatus: 'PREOPEN', saleOpensInSeconds: 7200, reservationButtonVisible: false }],
      ['one hour before', OPEN_AT - 60 * MINUTE, { saleStatus: 'OPEN_SOON_1H', saleOpensInSeconds: 3600 }],
      ['1 ms before five minutes', OPEN_AT - 5 * MINUTE - 1, { saleStatus: 'OPEN_SOON_1H', saleOpensInSeconds: 301 }],
      ['five minutes before', OPEN_AT - 5 * MINUTE, { saleStatus: 'OPEN_SOON_5M', saleOpensInSeconds: 300 }],
      ['1 ms before opening', OPEN_AT - 1, { saleStatus: 'OPEN_SOON_5M', saleOpensInSeconds: 1, reservationButtonEnabled: false }],
      ['at opening', OPEN_AT, { saleStatus: 'OPEN', saleOpensInSeconds: 0, reservationButtonVisible: true, reservationButtonEnabled: true }],
    ];
    for (const [when, instant, expected] of steps) {
      it(`is ${expected.saleStatus} ${when}`, async () => {
        clock.set(instant);
        expect(await card(id)).to.include(expected);
      });
    }

    it('refuses reservations before the sale opens with 409 SALE_NOT_OPEN', async () => {
      clock.set(OPEN_AT - 1);
      const response = await reserve(id, 1);
      expect(response.status).to.equal(409);
      expect((await json<{ error: { code: string } }>(response)).error.code).to.equal('SALE_NOT_OPEN');
    });

    it('takes seats once open, turns SOLD_OUT on the last one, then answers 409 SEATS_UNAVAILABLE', async () => {
      clock.set(OPEN_AT + 1);
      const first = await reserve(id, 9);
      expect(first.status).to.equal(201);
      expect((await json<{ card: CardJson }>(first)).card).to.include({ availableSeatCount: 1, saleStatus: 'OPEN' });
      const tooMany = await reserve(id, 2);
      expect(tooMany.status).to.equal(409);
      expect(await json(tooMany)).to.deep.include({ error: { code: 'SEATS_UNAVAILABLE', message: `concert ${id} has 1 seats left, 2 requested`, details: { requested: 2, available: 1 } } });
      const last = await reserve(id, 1);
      expect((await json<{ card: CardJson }>(last)).card).to.include({ availableSeatCount: 0, saleStatus: 'SOLD_OUT', reservationButtonVisible: true, reservationButtonEnabled: false });
      expect((await reserve(id, 1)).status).to.equal(409);
    });
  });

  it('never oversells: 200 concurrent single-seat reservations on 100 seats', async () => {
    clock.set(OPEN_AT + MINUTE);
    const { id } = await createConcert(base, { title: 'Rush', artistName: 'Crowd', totalSeatCount: 100, generalSaleStartAt: new Date(OPEN_AT).toISOString() });
    const statuses = await Promise.all(Array.from({ length: 200 }, () => reserve(id, 1).then((r) => r.status)));
    expect(statuses.filter((s) => s === 201)).to.have.length(100);
    expect(statuses.filter((s) => s === 409)).to.have.length(100);
    expect(await card(id)).to.include({ availableSeatCount: 0, saleStatus: 'SOLD_OUT' });
  });

  describe('admin', () => {
    it('refuses without a token (401) and with a wrong one (403)', async () => {
      const body = JSON.stringify({ title: 'X', artistName: 'Y', totalSeatCount: 1 });
      const none = await fetch(`${base}/api/admin/concerts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect(none.status).to.equal(401);
      const wrong = await fetch(`${base}/api/admin/concerts`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer not-the-token' }, body });
      expect(wrong.status).to.equal(403);
      expect((await json<{ error: { code: string } }>(wrong)).error.code).to.equal('FORBIDDEN');
    });

    it('creates with an offset instant stored as UTC, updates a subset with a new version, unschedules, deletes', async () => {
      clock.set(OPEN_AT - 3 * 60 * MINUTE);
      const created = await createConcert(base, { title: 'Edit me', artistName: 'Editor', totalSeatCount: 50, generalSaleStartAt: '2030-06-01T21:00:00+09:00', promoterName: 'Promo' });
      assertMatchesOpenApi('post', '/api/admin/concerts', 201, { card: created });
      expect(created).to.include({ saleOpensAt: '2030-06-01T12:00:00.000Z', version: 1, promoterName: 'Promo', saleStatus: 'PREOPEN' });

      const put = async (body: unknown) =>
        fetch(`${base}/api/admin/concerts/${created.id}`, { method: 'PUT', headers: adminHeaders(), body: JSON.stringify(body) });
      const renamed = await put({ title: 'Edited' });
      expect(renamed.status).to.equal(200);
      const renamedCard = (await json<{ card: CardJson }>(renamed)).card;
      expect(renamedCard).to.include({ title: 'Edited', artistName: 'Editor', version: 2 });

      const unscheduled = (await json<{ card: CardJson }>(await put({ generalSaleStartAt: null }))).card;
      expect(unscheduled).to.include({ saleStatus: 'UNSCHEDULED', saleOpensAt: null, version: 3 });

      const unchanged = (await json<{ card: CardJson }>(await put({ title: 'Edited' }))).card;
      expect(unchanged.version, 'an edit that changes nothing is not a new version').to.equal(3);

      const badZone = await put({ generalSaleStartAt: '2030-06-01T21:00:00' });
      expect(badZone.status).to.equal(400);
      expect(JSON.stringify(await json(badZone))).to.contain('generalSaleStartAt');

      const deleted = await fetch(`${base}/api/admin/concerts/${created.id}`, { method: 'DELETE', headers: adminHeaders() });
      expect(deleted.status).to.equal(204);
      expect((await fetch(`${base}/api/concerts/${created.id}/card`)).status).to.equal(404);
    });

    it('rejects a seat total below the seats already reserved with a 400 naming totalSeatCount', async () => {
      clock.set(OPEN_AT + MINUTE);
      const { id } = await createConcert(base, { title: 'Shrink', artistName: 'Seats', totalSeatCount: 10, generalSaleStartAt: new Date(OPEN_AT).toISOString() });
      expect((await reserve(id, 5)).status).to.equal(201);
      const response = await fetch(`${base}/api/admin/concerts/${id}`, { method: 'PUT', headers: adminHeaders(), body: JSON.stringify({ totalSeatCount: 4 }) });
      expect(response.status).to.equal(400);
      expect(JSON.stringify(await json(response))).to.contain('totalSeatCount');
    });

    it('names the field of a malformed body, never a 500', async () => {
      for (const [body, field] of [
        [{ artistName: 'A', totalSeatCount: 1 }, 'title'],
        [{ title: 'T', artistName: 'A', totalSeatCount: -1 }, 'totalSeatCount'],
        [{ title: 'T', artistName: 'A', totalSeatCount: 1, artistDebutDate: '2020-02-30' }, 'artistDebutDate'],
        [{ title: 'T', artistName: 'A', totalSeatCount: 1, surprise: true }, 'surprise'],
      ] as const) {
        const response = await fetch(`${base}/api/admin/concerts`, { method: 'POST', headers: adminHeaders(), body: JSON.stringify(body) });
        expect(response.status, JSON.stringify(body)).to.equal(400);
        expect(JSON.stringify(await json(response))).to.contain(field);
      }
    });
  });

  it('highlights sales opening within 12 h soonest first, and open sales at sell-out risk fewest first', async () => {
    clock.set(OPEN_AT + 10 * MINUTE);
    const iso = (ms: number) => new Date(ms).toISOString();
    const soon2 = await createConcert(base, { title: 'Soon 2', artistName: 'H', totalSeatCount: 10, generalSaleStartAt: iso(clock.now() + 2 * 60 * MINUTE) });
    const soon1 = await createConcert(base, { title: 'Soon 1', artistName: 'H', totalSeatCount: 10, generalSaleStartAt: iso(clock.now() + 30 * MINUTE) });
    await createConcert(base, { title: 'Too far', artistName: 'H', totalSeatCount: 10, generalSaleStartAt: iso(clock.now() + 13 * 60 * MINUTE) });
    const risky = await createConcert(base, { title: 'Nearly gone', artistName: 'H', totalSeatCount: 1000, generalSaleStartAt: iso(OPEN_AT) });
    for (let i = 0; i < 98; i += 1) await reserve(risky.id, 10);
    const response = await fetch(`${base}/api/concerts/highlights?openingSoonLimit=2&sellOutRiskLimit=1`);
    const body = await json<HighlightsResponse>(response);
    assertMatchesOpenApi('get', '/api/concerts/highlights', 200, body);
    expect(body.openingSoon.map((c) => c.id)).to.deep.equal([soon1.id, soon2.id]);
    expect(body.sellOutRisk.map((c) => c.id)).to.deep.equal([risky.id]);
    expect((await fetch(`${base}/api/concerts/highlights?openingSoonLimit=21`)).status).to.equal(400);
  });
});
