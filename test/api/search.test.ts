// The original system's search cases, through the real composition root and PostgreSQL.

import { expect } from 'chai';
import type { SearchResponse } from '../../src/contract/wire.js';
import { assertMatchesOpenApi } from '../support/openapi-check.js';
import { createConcert, json, startTestService, type InProcessService } from '../support/service-harness.js';

describe('GET /api/concerts/search', function () {
  let svc: InProcessService;

  before(async () => {
    svc = await startTestService();
    const base = svc.baseUrl;
    for (const [title, artistName, entertainmentName] of [
      ['Aurora Night Live', 'Aurora', 'Lumen Entertainment'],
      ['Blue Aurora Encore', 'Blue Whale', 'Harbor Sound'],
      ['Concert of Aurora', 'Aurora', 'Lumen Entertainment'],
      ['Deep Sea Tour', 'Blue Whale', 'Harbor Sound'],
      ['100% Live_Show', 'Percent', 'Underscore Music'],
    ] as const) {
      await createConcert(base, {
        title,
        artistName,
        artistDisplayName: `${artistName} (display)`,
        artistGenre: 'Pop',
        artistDebutDate: '2018-05-04',
        entertainmentName,
        entertainmentCountryCode: 'KR',
        entertainmentHomepageUrl: 'https://agency.example',
        totalSeatCount: 50,
        generalSaleStartAt: '2031-01-01T09:00:00+09:00',
      });
    }
    await createConcert(base, { title: 'No Date Yet', artistName: 'Mystery', totalSeatCount: 0 });
  });

  after(() => svc.stop());

  async function search(query: string): Promise<SearchResponse> {
    const response = await fetch(`${svc.baseUrl}/api/concerts/search?${query}`);
    expect(response.status, await response.clone().text()).to.equal(200);
    const body = await json<SearchResponse>(response);
    assertMatchesOpenApi('get', '/api/concerts/search', 200, body);
    return body;
  }

  it('pages keyword matches sorted by title ascending', async () => {
    const first = await search('keyword=aurora&page=0&size=2&sort=title,asc');
    expect(first.items.map((c) => c.title)).to.deep.equal(['Aurora Night Live', 'Blue Aurora Encore']);
    expect([first.totalElements, first.totalPages, first.hasNext]).to.deep.equal([3, 2, true]);
    const second = await search('keyword=aurora&page=1&size=2&sort=title,asc');
    expect(second.items.map((c) => c.title)).to.deep.equal(['Concert of Aurora']);
    expect(second.hasNext).to.equal(false);
  });

  it('filters by exact artist and entertainment name, case-insensitive, with the expanded metadata', async () => {
    const byArtist = await search('artistName=aurora&sort=id,asc');
    expect(byArtist.items.map((c) => c.title)).to.deep.equal(['Aurora Night Live', 'Concert of Aurora']);
    const card = byArtist.items[0]!;
    expect(card).to.include({
      artistDisplayName: 'Aurora (display)',
      artistGenre: 'Pop',
      artistDebutDate: '2018-05-04',
      entertainmentName: 'Lumen Entertainment',
      entertainmentCountryCode: 'KR',
      entertainmentHomepageUrl: 'https://agency.example',
      saleOpensAt: '2031-01-01T00:00:00.000Z',
      saleStatus: 'PREOPEN',
    });
    const byAgency = await search('entertainmentName=HARBOR%20SOUND&sort=title,desc');
    expect(byAgency.items.map((c) => c.title)).to.deep.equal(['Deep Sea Tour', 'Blue Aurora Encore']);
    expect((await search('artistName=auror')).totalElements, 'exact, not a substring').to.equal(0);
  });

  it('carries the realtime metadata a client needs to stay current', async () => {
    const before = Date.now();
    const body = await search('');
    expect(body.realtimeMode).to.equal('websocket');
    expect(body.hybridPollIntervalMillis).to.equal(30_000);
    expect(body.serverNowEpochMs).to.be.within(before - 5, Date.now() + 5);
    expect(body.serverNow).to.equal(new Date(body.serverNowEpochMs).toISOString());
    expect(body.seq).to.be.a('number').and.to.be.at.least(6);
  });

  it('shows a concert without a sale start as UNSCHEDULED with hidden buttons and zero seats', async () => {
    const [card] = (await search('keyword=no%20date')).items;
    expect(card).to.include({
      saleStatus: 'UNSCHEDULED',
      saleOpensAt: null,
      saleOpensInSeconds: null,
      reservationButtonVisible: false,
      reservationButtonEnabled: false,
      availableSeatCount: 0,
      totalSeatCount: 0,
      remainingRate: null,
    });
  });

  it('matches % and _ in a keyword literally', async () => {
    expect((await search('keyword=100%25')).items.map((c) => c.title)).to.deep.equal(['100% Live_Show']);
    expect((await search('keyword=a_e')).totalElements, 'a wildcard would match "Aurora Encore"').to.equal(0);
    expect((await search('keyword=%25')).totalElements).to.equal(1);
  });

  it('matches the concert id when the keyword is a number', async () => {
    const target = (await search('keyword=deep')).items[0]!;
    const byId = await search(`keyword=${target.id}`);
    expect(byId.items.map((c) => c.id)).to.include(target.id);
  });

  it('sorts by sale start with unscheduled concerts last', async () => {
    const body = await search('sort=saleOpensAt,asc&size=100');
    expect(body.items.at(-1)?.title).to.equal('No Date Yet');
  });

  for (const [query, field] of [
    ['page=-1', 'page'],
    ['page=abc', 'page'],
    ['size=0', 'size'],
    ['size=101', 'size'],
    ['sort=popularity,asc', 'sort'],
    ['sort=title,sideways', 'sort'],
  ] as const) {
    it(`answers 400 naming "${field}" for ${query}`, async () => {
      const response = await fetch(`${svc.baseUrl}/api/concerts/search?${query}`);
      expect(response.status).to.equal(400);
      const body = await json<{ error: { code: string; message: string; details: { field: string }[] } }>(response);
      expect(body.error.message).to.contain(field);
      expect(body.error.details.map((d) => d.field)).to.include(field);
    });
  }
});
