// Public read endpoints: query and path validation name the offending parameter; answers carry
// server time in both forms and match the OpenAPI document.

import { expect } from 'chai';
import { assertMatchesOpenApi } from '../support/openapi-check.js';
import { fakeDeps, NOW, startApp, type ErrorBody, type RunningApp } from './http-fixture.js';

describe('HTTP search and card endpoints', () => {
  let app: RunningApp;
  let calls: ReturnType<typeof fakeDeps>['calls'];

  beforeEach(async () => {
    const fake = fakeDeps();
    calls = fake.calls;
    app = await startApp(fake.deps);
  });
  afterEach(() => app.close());

  it('searches with defaults when no parameter is given, and answers in the documented shape', async () => {
    const response = await fetch(`${app.url}/api/concerts/search`);
    expect(response.status).to.equal(200);
    const body = await response.json();
    assertMatchesOpenApi('GET', '/api/concerts/search', 200, body);
    expect(calls.search).to.deep.equal([
      { keyword: null, artistName: null, entertainmentName: null, saleStatuses: null, page: 0, size: 20, sort: { field: 'id', direction: 'asc' } },
    ]);
    expect(body).to.include({
      serverNow: '2026-03-01T11:00:00.250Z',
      serverNowEpochMs: NOW,
      realtimeMode: 'websocket',
      hybridPollIntervalMillis: 30_000,
      seq: 42,
      page: 0,
      size: 20,
    });
  });

  it('passes trimmed filters, paging and sort through; empty filters become null; unknown params are ignored', async () => {
    const query = 'keyword=%20nova%20&artistName=&entertainmentName=Star&page=3&size=100&sort=saleOpensAt,desc&utm_source=x';
    const response = await fetch(`${app.url}/api/concerts/search?${query}`);
    expect(response.status).to.equal(200);
    expect(calls.search).to.deep.equal([
      { keyword: 'nova', artistName: null, entertainmentName: 'Star', saleStatuses: null, page: 3, size: 100, sort: { field: 'saleOpensAt', direction: 'desc' } },
    ]);
  });

  it('defaults the sort direction to asc, and an empty sort to id,asc', async () => {
    await fetch(`${app.url}/api/concerts/search?sort=title`);
    await fetch(`${app.url}/api/concerts/search?sort=`);
    expect(calls.search.map((query) => (query as { sort: unknown }).sort)).to.deep.equal([
      { field: 'title', direction: 'asc' },
      { field: 'id', direction: 'asc' },
    ]);
  });

  it('passes sale statuses through in the domain order without repeats; an empty list means any', async () => {
    await fetch(`${app.url}/api/concerts/search?saleStatus=SOLD_OUT,OPEN,OPEN_SOON_5M,OPEN`);
    await fetch(`${app.url}/api/concerts/search?saleStatus=UNSCHEDULED`);
    await fetch(`${app.url}/api/concerts/search?saleStatus=`);
    expect(calls.search.map((query) => (query as { saleStatuses: unknown }).saleStatuses)).to.deep.equal([['OPEN_SOON_5M', 'OPEN', 'SOLD_OUT'], ['UNSCHEDULED'], null]);
  });

  const badQueries: [string, string][] = [
    ['saleStatus=open', 'saleStatus'],
    ['saleStatus=OPEN,%20SOLD_OUT', 'saleStatus'],
    ['saleStatus=OPEN,', 'saleStatus'],
    ['saleStatus=OPEN,,SOLD_OUT', 'saleStatus'],
    ['saleStatus=CLOSED', 'saleStatus'],
    ['saleStatus=OPEN&saleStatus=SOLD_OUT', 'saleStatus'],
    ['page=-1', 'page'],
    ['page=1.5', 'page'],
    ['page=99999999', 'page'],
    ['size=0', 'size'],
    ['size=101', 'size'],
    ['size=abc', 'size'],
    ['sort=foo,asc', 'sort'],
    ['sort=title,sideways', 'sort'],
    ['sort=title,asc,extra', 'sort'],
    ['sort=id,DESC', 'sort'],
    ['sort=id,%20desc', 'sort'],
    ['sort=%20id', 'sort'],
    ['sort=Title', 'sort'],
    ['sort=id,', 'sort'],
    [`keyword=${'k'.repeat(101)}`, 'keyword'],
    [`artistName=${'a'.repeat(101)}`, 'artistName'],
    ['size=10&size=20', 'size'],
  ];
  for (const [query, parameter] of badQueries) {
    it(`rejects ${query.slice(0, 30)} with a 400 naming ${parameter}`, async () => {
      const response = await fetch(`${app.url}/api/concerts/search?${query}`);
      expect(response.status).to.equal(400);
      const body = (await response.json()) as ErrorBody;
      assertMatchesOpenApi('GET', '/api/concerts/search', 400, body);
      expect(body.error.code).to.equal('VALIDATION_FAILED');
      expect(body.error.message).to.contain(parameter);
      expect(body.error.details).to.deep.equal([{ field: parameter, message: (body.error.details as { message: string }[])[0]?.message }]);
      expect(calls.search).to.have.length(0);
    });
  }

  it('names every bad parameter at once', async () => {
    const response = await fetch(`${app.url}/api/concerts/search?page=-1&size=0`);
    const body = (await response.json()) as ErrorBody;
    expect((body.error.details as { field: string }[]).map((d) => d.field)).to.deep.equal(['page', 'size']);
  });

  it('returns one card with server time and stream position', async () => {
    const response = await fetch(`${app.url}/api/concerts/7/card`);
    expect(response.status).to.equal(200);
    const body = await response.json();
    assertMatchesOpenApi('GET', '/api/concerts/:id/card', 200, body);
    expect(body).to.include({ serverNow: '2026-03-01T11:00:00.250Z', serverNowEpochMs: NOW, seq: 42 });
    expect(calls.getCard).to.deep.equal([7]);
  });

  for (const id of ['abc', '0', '-3', '1.5', '007', '2147483648', '99999999999999999999']) {
    it(`rejects card id ${id} with a 400 naming id`, async () => {
      const response = await fetch(`${app.url}/api/concerts/${id}/card`);
      expect(response.status).to.equal(400);
      const body = (await response.json()) as ErrorBody;
      expect(body.error.code).to.equal('VALIDATION_FAILED');
      expect(body.error.details).to.deep.equal([{ field: 'id', message: 'id must be a positive integer up to 2147483647' }]);
      expect(calls.getCard).to.have.length(0);
    });
  }

  it('serves server time in both forms', async () => {
    const response = await fetch(`${app.url}/api/time`);
    const body = await response.json();
    assertMatchesOpenApi('GET', '/api/time', 200, body);
    expect(body).to.deep.equal({ serverNow: '2026-03-01T11:00:00.250Z', serverNowEpochMs: NOW });
  });
});
