// The four URL fields accept only what the document promises (`format: uri`, http or https): a URI
// is kept as written, anything else is stored in the form a browser would fetch when that form is
// a URI, and refused with a 400 naming the field when not. A property test holds every stored URL
// to the same `uri` check the OpenAPI response validator applies.

import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { expect } from 'chai';
import fc from 'fast-check';
import { checkWebUrl } from '../../src/adapters/http/validation/web-url.js';
import { assertMatchesOpenApi } from '../support/openapi-check.js';
import { adminHeaders, fakeDeps, startApp, type ErrorBody, type RunningApp } from './http-fixture.js';

const ajv = new Ajv2020();
addFormatsModule.default(ajv);
const isUri = ajv.compile({ type: 'string', format: 'uri' });

const URL_FIELDS = ['thumbnailUrl', 'youtubeVideoUrl', 'entertainmentHomepageUrl', 'promoterHomepageUrl'] as const;

describe('HTTP URL fields', () => {
  let app: RunningApp;
  let calls: ReturnType<typeof fakeDeps>['calls'];

  beforeEach(async () => {
    const fake = fakeDeps();
    calls = fake.calls;
    app = await startApp(fake.deps);
  });
  afterEach(() => app.close());

  const create = (extra: Record<string, unknown>) =>
    fetch(`${app.url}/api/admin/concerts`, { method: 'POST', headers: adminHeaders(), body: JSON.stringify({ title: 'T', artistName: 'A', totalSeatCount: 1, ...extra }) });

  // The examples of issue 13, which were stored as given and served against `format: uri`.
  const normalised: [string, string][] = [
    ['https://img.example.com/a b.png', 'https://img.example.com/a%20b.png'],
    ['https://exämple.com/ü.png', 'https://xn--exmple-cua.com/%C3%BC.png'],
    ['https://img.example.com/a"b<c>?q=é', 'https://img.example.com/a%22b%3Cc%3E?q=%C3%A9'],
    // Already URIs: kept exactly as written.
    ['https://agency.example', 'https://agency.example'],
    ['HTTPS://Img.Example.com/A.png?x=1#top', 'HTTPS://Img.Example.com/A.png?x=1#top'],
    ["https://[::1]:8443/a/./b/../c?!$&'()*+,;=:@", "https://[::1]:8443/a/./b/../c?!$&'()*+,;=:@"],
  ];
  for (const field of URL_FIELDS) {
    it(`stores ${field} as written when it is a URI, else in its normalised form`, async () => {
      for (const [given, stored] of normalised) {
        calls.create.length = 0;
        const response = await create({ [field]: given });
        expect(response.status, given).to.equal(201);
        expect((calls.create[0] as Record<string, unknown>)[field], given).to.equal(stored);
        expect(isUri(stored)).to.equal(true);
      }
    });
  }

  const refused: [string, RegExp][] = [
    ['https:\\\\img.example.com\\a.png', /backslash/],
    ['https://img.example.com/%zz', /not a URI \(RFC 3986\)/],
    ['https://img.example.com/a|b', /not a URI \(RFC 3986\)/],
    ['https://img.example.com/a^b', /not a URI/],
    ['https://img.example.com/#a#b', /not a URI/],
    ['https://a{b}.example/', /not a URI/],
    ['https://img.example.com/a\tb.png', /control character/],
    ['https://img.example.com/a\nb.png', /control character/],
    ['ftp://files.example.com/a.png', /absolute http or https URL/],
    ['mailto:someone@example.com', /absolute http or https URL/],
    ['//img.example.com/a.png', /absolute http or https URL/],
    [`https://img.example.com/${'ü'.repeat(700)}`, /at most 2048 characters once normalised/],
  ];
  for (const [given, reason] of refused) {
    it(`refuses ${JSON.stringify(given).slice(0, 50)} with a 400 naming the field`, async () => {
      for (const field of URL_FIELDS) {
        const response = await create({ [field]: given });
        expect(response.status, field).to.equal(400);
        const body = (await response.json()) as ErrorBody;
        assertMatchesOpenApi('POST', '/api/admin/concerts', 400, body);
        expect(body.error.details).to.have.length(1);
        const [problem] = body.error.details as { field: string; message: string }[];
        expect(problem?.field).to.equal(field);
        expect(problem?.message).to.match(new RegExp(`^${field} `)).and.to.match(reason);
      }
      expect(calls.create).to.deep.equal([]);
    });
  }

  it('refuses the same on edit', async () => {
    const response = await fetch(`${app.url}/api/admin/concerts/7`, { method: 'PUT', headers: adminHeaders(), body: JSON.stringify({ thumbnailUrl: 'https://img.example.com/a|b' }) });
    expect(response.status).to.equal(400);
    expect(calls.update).to.deep.equal([]);
  });

  it('stores only http(s) URIs, and stores them for good, whatever text comes in (property)', () => {
    const pieces = fc.constantFrom('https://', 'http://', 'ftp://', 'img.example.com', 'exämple.com', '[::1]', 'user:pw@', ':8080', '/', 'a', 'ü', ' ', '%', '%zz', '%41', '|', '^', '{', '}', '`', '"', '<', '>', '\\', '#', '?', '&', '=', '[', ']', '@', ':', '\u200b', '\t', '~', '!', "'", '(', '*', ';', ',', '$', '+');
    const text = fc.oneof(fc.webUrl({ withQueryParameters: true, withFragments: true }), fc.array(pieces, { maxLength: 12 }).map((parts) => parts.join('')), fc.string({ unit: 'grapheme', maxLength: 30 }).map((s) => `https://x.example/${s}`));
    let accepted = 0;
    fc.assert(
      fc.property(text, (given) => {
        const verdict = checkWebUrl(given, 2048);
        if (!verdict.ok) return;
        accepted += 1;
        expect(isUri(verdict.href), `${given} -> ${verdict.href}`).to.equal(true);
        expect(new URL(verdict.href).protocol).to.be.oneOf(['http:', 'https:']);
        expect(checkWebUrl(verdict.href, 2048), 'sent again, a stored URL stays as it is').to.deep.equal(verdict);
      }),
      { numRuns: 3000 },
    );
    expect(accepted, 'the property saw accepted URLs').to.be.greaterThan(300);
  });
});
