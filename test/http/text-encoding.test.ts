// Text reaches the service as UTF-8 or not at all. A lone UTF-16 surrogate (JSON can spell one,
// "\ud800") has no UTF-8 form: PostgreSQL would have stored U+FFFD in its place. A body declared
// in another charset (`charset=latin1`) was decoded as UTF-8 anyway, and bytes that are not UTF-8
// became U+FFFD. Each is refused with a 400 naming the problem, before any use case runs.

import { expect } from 'chai';
import { adminHeaders, fakeDeps, startApp, type ErrorBody, type RunningApp } from './http-fixture.js';
import { assertMatchesOpenApi } from '../support/openapi-check.js';

describe('HTTP text encoding', () => {
  let app: RunningApp;
  let calls: ReturnType<typeof fakeDeps>['calls'];

  beforeEach(async () => {
    const fake = fakeDeps();
    calls = fake.calls;
    app = await startApp(fake.deps);
  });
  afterEach(() => app.close());

  const create = (body: string | Buffer, contentType = 'application/json') =>
    fetch(`${app.url}/api/admin/concerts`, { method: 'POST', headers: { ...adminHeaders(), 'content-type': contentType }, body: typeof body === 'string' ? body : new Uint8Array(body) });
  const ran = () => [calls.create, calls.update, calls.reserve, calls.realtime, calls.search, calls.highlights].flat();

  describe('lone surrogates in JSON bodies', () => {
    const cases: [string, string, string, string, string][] = [
      ['a title', 'POST', '/api/admin/concerts', '{"title":"Spring \\ud800 Tour","artistName":"A","totalSeatCount":1}', 'title'],
      ['an optional text', 'POST', '/api/admin/concerts', '{"title":"T","artistName":"A","totalSeatCount":1,"artistGenre":"K-\\udfffPOP"}', 'artistGenre'],
      ['an edit', 'PUT', '/api/admin/concerts/7', '{"promoterName":"\\udc00"}', 'promoterName'],
      ['a URL', 'PUT', '/api/admin/concerts/7', '{"thumbnailUrl":"https://img.example/\\ud83c.png"}', 'thumbnailUrl'],
      ['the realtime mode', 'PUT', '/api/admin/realtime', '{"mode":"polling\\ud800","hybridPollIntervalMillis":5000}', 'mode'],
      ['a nested value', 'PUT', '/api/admin/concerts/7', '{"title":"T","extra":{"list":["ok","\\ud800"]}}', 'extra.list.1'],
    ];
    for (const [what, method, path, body, field] of cases) {
      it(`refuses one in ${what} with a 400 naming the field`, async () => {
        const response = await fetch(`${app.url}${path}`, { method, headers: adminHeaders(), body });
        expect(response.status).to.equal(400);
        const error = ((await response.json()) as ErrorBody).error;
        expect(error.code).to.equal('VALIDATION_FAILED');
        expect(error.details).to.deep.equal([{ field, message: `${field} contains a lone UTF-16 surrogate, which is not Unicode text (send each character whole, as UTF-8)` }]);
        expect(ran()).to.deep.equal([]);
      });
    }

    it('refuses one in a property name, naming where it is', async () => {
      const response = await create('{"title":"T","artistName":"A","totalSeatCount":1,"x\\ud800":1}');
      expect(response.status).to.equal(400);
      const error = ((await response.json()) as ErrorBody).error;
      expect(error.details).to.deep.equal([{ field: 'body', message: 'body has a property name with a lone UTF-16 surrogate, which is not Unicode text' }]);
    });

    it('accepts a surrogate pair, which is one character (🎵)', async () => {
      const response = await create('{"title":"Tour \\ud83c\\udfb5","artistName":"A","totalSeatCount":1}');
      expect(response.status).to.equal(201);
      expect((calls.create[0] as { title: string }).title).to.equal('Tour 🎵');
    });
  });

  describe('charset and bytes', () => {
    for (const charset of ['latin1', 'ISO-8859-1', 'utf-16', 'windows-1252', '"latin1"']) {
      it(`refuses charset=${charset} with 400 UNSUPPORTED_CHARSET`, async () => {
        const response = await create(JSON.stringify({ title: 'Café', artistName: 'A', totalSeatCount: 1 }), `application/json; charset=${charset}`);
        expect(response.status).to.equal(400);
        const body = (await response.json()) as ErrorBody;
        assertMatchesOpenApi('POST', '/api/admin/concerts', 400, body);
        expect(body.error.code).to.equal('UNSUPPORTED_CHARSET');
        expect(body.error.message).to.equal(`request body charset must be utf-8 (JSON is UTF-8), not ${charset.replaceAll('"', '').toLowerCase()}`);
        expect(ran()).to.deep.equal([]);
      });
    }

    for (const charset of ['utf-8', 'UTF-8', '"utf-8"', 'utf8']) {
      it(`accepts charset=${charset}`, async () => {
        const response = await create(JSON.stringify({ title: 'Café', artistName: 'A', totalSeatCount: 1 }), `application/json; charset=${charset}`);
        expect(response.status).to.equal(201);
        expect((calls.create[0] as { title: string }).title).to.equal('Café');
      });
    }

    const bytes = (...parts: (string | number[])[]) => Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part) : Buffer.from(part))));
    for (const [what, body] of [
      ['a latin1 é sent without a charset', bytes('{"title":"Caf', [0xe9], '","artistName":"A","totalSeatCount":1}')],
      ['an encoded surrogate (CESU-8)', bytes('{"title":"', [0xed, 0xa0, 0x80], '","artistName":"A","totalSeatCount":1}')],
      ['a truncated sequence', bytes('{"title":"', [0xe2, 0x82], '","artistName":"A","totalSeatCount":1}')],
    ] as const) {
      it(`refuses ${what} with 400 MALFORMED_JSON saying it is not UTF-8`, async () => {
        const response = await create(body);
        expect(response.status).to.equal(400);
        const error = ((await response.json()) as ErrorBody).error;
        expect(error).to.include({ code: 'MALFORMED_JSON', message: 'request body is not valid UTF-8' });
        expect(ran()).to.deep.equal([]);
      });
    }
  });

  describe('query strings', () => {
    for (const [query, parameter] of [
      ['keyword=%ED%A0%80', 'keyword'],
      ['artistName=Caf%E9', 'artistName'],
      ['entertainmentName=%C3', 'entertainmentName'],
      ['sort=id%2C%FF', 'sort'],
    ] as const) {
      it(`refuses ${query} (not UTF-8 once decoded) with a 400 naming ${parameter}`, async () => {
        const response = await fetch(`${app.url}/api/concerts/search?${query}`);
        expect(response.status).to.equal(400);
        const body = (await response.json()) as ErrorBody;
        assertMatchesOpenApi('GET', '/api/concerts/search', 400, body);
        expect(body.error.details).to.deep.equal([{ field: parameter, message: `${parameter} is not valid UTF-8 once percent-decoded` }]);
        expect(ran()).to.deep.equal([]);
      });
    }

    it('refuses a highlights limit that is not UTF-8, naming it', async () => {
      const response = await fetch(`${app.url}/api/concerts/highlights?sellOutRiskLimit=%FF`);
      expect(response.status).to.equal(400);
      expect((((await response.json()) as ErrorBody).error.details as { field: string }[])[0]?.field).to.equal('sellOutRiskLimit');
    });

    it('decodes UTF-8 and + as before, keeps a stray % literal, and ignores unknown parameters however they are spelled', async () => {
      const response = await fetch(`${app.url}/api/concerts/search?keyword=caf%C3%A9+bar&artistName=100%25&entertainmentName=50%&utm=%FF&%FF=1`);
      expect(response.status).to.equal(200);
      expect(calls.search[0]).to.deep.include({ keyword: 'café bar', artistName: '100%', entertainmentName: '50%' });
    });
  });
});
