// Admin endpoints: the bearer-token guard, strict concert bodies mapped to domain details, the
// realtime switch, and JSON body handling (415/400/413) — all before any use case runs.

import { expect } from 'chai';
import { assertMatchesOpenApi } from '../support/openapi-check.js';
import { ADMIN_TOKEN, adminHeaders, fakeDeps, startApp, type ErrorBody, type RunningApp } from './http-fixture.js';

describe('HTTP admin endpoints', () => {
  let app: RunningApp;
  let calls: ReturnType<typeof fakeDeps>['calls'];

  beforeEach(async () => {
    const fake = fakeDeps();
    calls = fake.calls;
    app = await startApp(fake.deps);
  });
  afterEach(() => app.close());

  const post = (body: unknown, headers = adminHeaders()) =>
    fetch(`${app.url}/api/admin/concerts`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const put = (path: string, body: unknown, headers = adminHeaders()) =>
    fetch(`${app.url}${path}`, { method: 'PUT', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });

  describe('bearer token', () => {
    it('answers 401 UNAUTHORIZED without a token, before reading the body', async () => {
      const response = await post('not json', { 'content-type': 'text/plain' });
      expect(response.status).to.equal(401);
      expect(response.headers.get('www-authenticate')).to.equal('Bearer');
      const body = (await response.json()) as ErrorBody;
      assertMatchesOpenApi('POST', '/api/admin/concerts', 401, body);
      expect(body.error.code).to.equal('UNAUTHORIZED');
    });

    it('answers 401 for a non-Bearer scheme', async () => {
      const response = await post({}, { authorization: `Basic ${ADMIN_TOKEN}`, 'content-type': 'application/json' });
      expect(response.status).to.equal(401);
    });

    it('answers 403 FORBIDDEN with a wrong token, whatever its length', async () => {
      for (const token of ['x', `${ADMIN_TOKEN}x`, ADMIN_TOKEN.toUpperCase()]) {
        const response = await fetch(`${app.url}/api/admin/concerts/1`, { method: 'DELETE', headers: adminHeaders(token) });
        expect(response.status).to.equal(403);
        expect(((await response.json()) as ErrorBody).error.code).to.equal('FORBIDDEN');
      }
      expect(calls.remove).to.have.length(0);
    });

    it('guards every admin endpoint', async () => {
      const attempts = [
        fetch(`${app.url}/api/admin/concerts`, { method: 'POST' }),
        fetch(`${app.url}/api/admin/concerts/1`, { method: 'PUT' }),
        fetch(`${app.url}/api/admin/concerts/1`, { method: 'DELETE' }),
        fetch(`${app.url}/api/admin/realtime`, { method: 'PUT' }),
      ];
      expect((await Promise.all(attempts)).map((r) => r.status)).to.deep.equal([401, 401, 401, 401]);
    });
  });

  describe('create', () => {
    it('maps a full body to domain details and answers 201 {card}', async () => {
      const response = await post({
        title: '  Spring Tour  ',
        artistName: 'Nova',
        totalSeatCount: 500,
        generalSaleStartAt: '2026-03-01T21:00:00.5+09:00',
        artistDisplayName: '',
        artistDebutDate: '2019-04-01',
        entertainmentCountryCode: 'kr',
        entertainmentHomepageUrl: 'https://star.example/',
        youtubeVideoUrl: null,
      });
      expect(response.status).to.equal(201);
      assertMatchesOpenApi('POST', '/api/admin/concerts', 201, await response.json());
      expect(calls.create).to.deep.equal([
        {
          title: 'Spring Tour',
          artistName: 'Nova',
          totalSeatCount: 500,
          generalSaleStartAt: Date.UTC(2026, 2, 1, 12, 0, 0, 500),
          artistDisplayName: null,
          artistGenre: null,
          artistDebutDate: '2019-04-01',
          entertainmentName: null,
          entertainmentCountryCode: 'KR',
          entertainmentHomepageUrl: 'https://star.example/',
          promoterName: null,
          promoterCountryCode: null,
          promoterHomepageUrl: null,
          thumbnailUrl: null,
          youtubeVideoUrl: null,
        },
      ]);
    });

    it('rejects a zone-less sale start, saying so', async () => {
      const response = await post({ title: 'T', artistName: 'A', totalSeatCount: 1, generalSaleStartAt: '2026-03-01T12:00:00' });
      expect(response.status).to.equal(400);
      const body = (await response.json()) as ErrorBody;
      assertMatchesOpenApi('POST', '/api/admin/concerts', 400, body);
      expect(body.error.message).to.match(/generalSaleStartAt has no offset/);
      expect(calls.create).to.have.length(0);
    });

    it('rejects a sale start without seconds or with a ±hhmm offset, saying what to write', async () => {
      for (const [start, hint] of [['2026-03-01T12:00Z', /has no seconds/], ['2026-03-01T21:00:00+0900', /write ±hh:mm/]] as const) {
        const response = await post({ title: 'T', artistName: 'A', totalSeatCount: 1, generalSaleStartAt: start });
        expect(response.status, start).to.equal(400);
        expect(((await response.json()) as ErrorBody).error.message).to.match(/^Invalid request: generalSaleStartAt /).and.to.match(hint);
      }
      expect(calls.create).to.have.length(0);
    });

    const badBodies: [string, unknown, string][] = [
      ['a missing title', { artistName: 'A', totalSeatCount: 1 }, 'title'],
      ['a blank artistName', { title: 'T', artistName: '   ', totalSeatCount: 1 }, 'artistName'],
      ['a 201-character title', { title: 't'.repeat(201), artistName: 'A', totalSeatCount: 1 }, 'title'],
      ['a negative seat count', { title: 'T', artistName: 'A', totalSeatCount: -1 }, 'totalSeatCount'],
      ['a fractional seat count', { title: 'T', artistName: 'A', totalSeatCount: 1.5 }, 'totalSeatCount'],
      ['too many seats', { title: 'T', artistName: 'A', totalSeatCount: 1_000_001 }, 'totalSeatCount'],
      ['an impossible debut date', { title: 'T', artistName: 'A', totalSeatCount: 1, artistDebutDate: '2023-02-29' }, 'artistDebutDate'],
      ['an impossible sale start', { title: 'T', artistName: 'A', totalSeatCount: 1, generalSaleStartAt: '2026-02-30T10:00:00Z' }, 'generalSaleStartAt'],
      ['a sale start that is a number', { title: 'T', artistName: 'A', totalSeatCount: 1, generalSaleStartAt: 1772366400000 }, 'generalSaleStartAt'],
      ['a three-letter country', { title: 'T', artistName: 'A', totalSeatCount: 1, promoterCountryCode: 'KOR' }, 'promoterCountryCode'],
      ['a non-ISO country', { title: 'T', artistName: 'A', totalSeatCount: 1, promoterCountryCode: 'UK' }, 'promoterCountryCode'],
      ['a javascript: URL', { title: 'T', artistName: 'A', totalSeatCount: 1, thumbnailUrl: 'javascript:alert(1)' }, 'thumbnailUrl'],
      ['a relative URL', { title: 'T', artistName: 'A', totalSeatCount: 1, promoterHomepageUrl: '/home' }, 'promoterHomepageUrl'],
      ['an unknown key', { title: 'T', artistName: 'A', totalSeatCount: 1, id: 3 }, 'id'],
      ['an array body', [], 'body'],
    ];
    for (const [what, body, field] of badBodies) {
      it(`rejects ${what} with a 400 naming ${field}`, async () => {
        const response = await post(body);
        expect(response.status).to.equal(400);
        const error = ((await response.json()) as ErrorBody).error;
        expect(error.code).to.equal('VALIDATION_FAILED');
        expect(error.message).to.contain(field);
        expect((error.details as { field: string }[]).map((d) => d.field)).to.include(field);
        expect(calls.create).to.have.length(0);
      });
    }
  });

  describe('update and delete', () => {
    it('passes only the given fields; null unschedules', async () => {
      const response = await put('/api/admin/concerts/7', { generalSaleStartAt: null, totalSeatCount: 10 });
      expect(response.status).to.equal(200);
      assertMatchesOpenApi('PUT', '/api/admin/concerts/{id}', 200, await response.json());
      expect(calls.update).to.deep.equal([{ id: 7, edit: { generalSaleStartAt: null, totalSeatCount: 10 } }]);
    });

    it('rejects an empty edit', async () => {
      const response = await put('/api/admin/concerts/7', {});
      expect(response.status).to.equal(400);
      expect(((await response.json()) as ErrorBody).error.details).to.deep.equal([
        { field: 'body', message: 'body must contain at least one concert field to change' },
      ]);
    });

    it('rejects a null title (required fields cannot be cleared)', async () => {
      const response = await put('/api/admin/concerts/7', { title: null });
      expect(response.status).to.equal(400);
    });

    it('rejects a bad id on update and delete', async () => {
      expect((await put('/api/admin/concerts/x', { title: 'T' })).status).to.equal(400);
      const response = await fetch(`${app.url}/api/admin/concerts/0`, { method: 'DELETE', headers: adminHeaders() });
      expect(response.status).to.equal(400);
    });

    it('deletes with 204 and no body', async () => {
      const response = await fetch(`${app.url}/api/admin/concerts/7`, { method: 'DELETE', headers: adminHeaders() });
      expect(response.status).to.equal(204);
      expect(await response.text()).to.equal('');
      expect(calls.remove).to.deep.equal([7]);
    });
  });

  describe('realtime settings', () => {
    it('switches the mode and answers the settings in force', async () => {
      const response = await put('/api/admin/realtime', { mode: 'hybrid', hybridPollIntervalMillis: 5000 });
      expect(response.status).to.equal(200);
      const body = await response.json();
      assertMatchesOpenApi('PUT', '/api/admin/realtime', 200, body);
      expect(body).to.deep.equal({ realtimeMode: 'hybrid', hybridPollIntervalMillis: 5000 });
      expect(calls.realtime).to.deep.equal([{ mode: 'hybrid', hybridPollIntervalMillis: 5000 }]);
    });

    for (const [body, field] of [
      [{ mode: 'carrier-pigeon', hybridPollIntervalMillis: 5000 }, 'mode'],
      [{ mode: 'polling', hybridPollIntervalMillis: 999 }, 'hybridPollIntervalMillis'],
      [{ mode: 'polling', hybridPollIntervalMillis: 3_600_001 }, 'hybridPollIntervalMillis'],
      [{ mode: 'polling' }, 'hybridPollIntervalMillis'],
    ] as const) {
      it(`rejects ${JSON.stringify(body)} naming ${field}`, async () => {
        const response = await put('/api/admin/realtime', body);
        expect(response.status).to.equal(400);
        expect(((await response.json()) as ErrorBody).error.message).to.contain(field);
        expect(calls.realtime).to.have.length(0);
      });
    }
  });

  describe('JSON bodies', () => {
    it('answers 400 MALFORMED_JSON for a body that does not parse', async () => {
      const response = await post('{"title": ');
      expect(response.status).to.equal(400);
      const body = (await response.json()) as ErrorBody;
      assertMatchesOpenApi('POST', '/api/admin/concerts', 400, body);
      expect(body.error.code).to.equal('MALFORMED_JSON');
    });

    it('answers 400 MALFORMED_JSON, saying the body is missing, for an application/json request with no body', async () => {
      const empty = await post('');
      const absent = await fetch(`${app.url}/api/admin/concerts`, { method: 'POST', headers: adminHeaders() });
      for (const response of [empty, absent]) {
        expect(response.status).to.equal(400);
        const body = (await response.json()) as ErrorBody;
        assertMatchesOpenApi('POST', '/api/admin/concerts', 400, body);
        expect(body.error).to.include({ code: 'MALFORMED_JSON', message: 'request body is missing: send a JSON object' });
      }
    });

    it('answers 415 for a body that is not application/json', async () => {
      const response = await post('title=T', { ...adminHeaders(), 'content-type': 'application/x-www-form-urlencoded' });
      expect(response.status).to.equal(415);
      expect(((await response.json()) as ErrorBody).error.code).to.equal('UNSUPPORTED_MEDIA_TYPE');
    });

    it('answers 413 PAYLOAD_TOO_LARGE for a body over 16 KiB', async () => {
      const response = await post({ title: 'x'.repeat(20_000), artistName: 'A', totalSeatCount: 1 });
      expect(response.status).to.equal(413);
      const body = (await response.json()) as ErrorBody;
      assertMatchesOpenApi('POST', '/api/admin/concerts', 413, body);
      expect(body.error.code).to.equal('PAYLOAD_TOO_LARGE');
    });

    it('answers 413 for an oversized chunked body with no Content-Length', async () => {
      const big = new TextEncoder().encode(JSON.stringify({ title: 'x'.repeat(40_000) }));
      const stream = new ReadableStream({
        start(controller) {
          controller.enqueue(big);
          controller.close();
        },
      });
      const response = await fetch(`${app.url}/api/admin/concerts`, {
        method: 'POST',
        headers: adminHeaders(),
        body: stream,
        duplex: 'half',
      } as RequestInit);
      expect(response.status).to.equal(413);
    });
  });
});
