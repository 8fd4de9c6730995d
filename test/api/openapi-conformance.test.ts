// The service's real answers, run through an OpenAPI response validator (openapi-backend, see
// test/support/openapi-check.ts): every operation of the document, its success and the failures a
// client can cause, against a real instance and database. The catalogue holds a card with every
// optional field set, from inputs that need normalising (a space and non-ASCII in URLs, lower-case
// countries, an offset instant), and one with none set.

import { expect } from 'chai';
import type { CardJson as Card } from '../../src/contract/wire.js';
import { assertAnswerMatchesOpenApi, documentedOperations } from '../support/openapi-check.js';
import { startTestService, TEST_ADMIN_TOKEN, TEST_METRICS_TOKEN, type InProcessService } from '../support/service-harness.js';

interface Call {
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  readonly token?: string | null;
}

describe('OpenAPI conformance of real answers', function () {
  this.timeout(60_000);
  let svc: InProcessService;
  const covered = new Map<string, Set<number>>();

  before(async () => {
    svc = await startTestService();
  });
  after(() => svc?.stop());

  /** Sends one request, checks the answer against the document, and returns its status and JSON. */
  async function call<T = unknown>(method: string, path: string, expected: number, options: Call = {}): Promise<T> {
    const headers: Record<string, string> = { ...options.headers };
    const token = options.token === undefined ? TEST_ADMIN_TOKEN : options.token;
    if (token !== null && (path.startsWith('/api/admin/') || options.token !== undefined)) headers.authorization = `Bearer ${token}`;
    let body: string | undefined;
    if (options.body !== undefined) {
      body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(`${svc.baseUrl}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
    const text = await response.text();
    expect(response.status, `${method} ${path}: ${text.slice(0, 300)}`).to.equal(expected);
    const checked = assertAnswerMatchesOpenApi(method, path, { status: response.status, contentType: response.headers.get('content-type'), body: text });
    let statuses = covered.get(checked.operationId);
    if (!statuses) covered.set(checked.operationId, (statuses = new Set()));
    statuses.add(checked.status);
    return (text !== '' && response.headers.get('content-type')?.startsWith('application/json') ? JSON.parse(text) : text) as T;
  }

  it('answers every operation as documented, full card and empty card included', async () => {
    const now = Date.now();
    const full = await call<{ card: Card }>('POST', '/api/admin/concerts', 201, {
      body: {
        title: '  Spring Tour 🎵 2026  ',
        artistName: 'Nova',
        totalSeatCount: 500,
        generalSaleStartAt: new Date(now - 60_000 + 9 * 3_600_000).toISOString().replace('Z', '+09:00'),
        artistDisplayName: 'NOVA (노바)',
        artistGenre: 'K-POP',
        artistDebutDate: '2019-04-01',
        entertainmentName: 'Star Entertainment',
        entertainmentCountryCode: 'kr',
        entertainmentHomepageUrl: 'HTTPS://Star.Example',
        promoterName: 'Live Nation Korea',
        promoterCountryCode: 'us',
        promoterHomepageUrl: 'https://exämple.com/über uns',
        thumbnailUrl: 'https://img.example.com/a b.png',
        youtubeVideoUrl: 'https://www.youtube.com/watch?v=abc&t=1s#chapter-2',
      },
    });
    // An open sale has no time boundary left, so its nextChange is null by rule; the card of a sale
    // still ahead carries one (validated against the document by call() like every answer).
    const everyFieldSet = Object.entries(full.card).filter(([key, value]) => value === null && key !== 'nextChange');
    expect(everyFieldSet, 'a card with every optional field set').to.deep.equal([]);
    const ahead = await call<{ card: Card }>('POST', '/api/admin/concerts', 201, {
      body: { title: 'Still ahead', artistName: 'Nova', totalSeatCount: 5, generalSaleStartAt: new Date(now + 2 * 3_600_000).toISOString() },
    });
    expect(ahead.card.nextChange).to.include({ saleStatus: 'OPEN_SOON_1H', atEpochMs: Date.parse(ahead.card.saleOpensAt as string) - 3_600_000 });
    expect(full.card).to.include({ saleStatus: 'OPEN', thumbnailUrl: 'https://img.example.com/a%20b.png', promoterHomepageUrl: 'https://xn--exmple-cua.com/%C3%BCber%20uns', entertainmentCountryCode: 'KR' });

    const empty = await call<{ card: Card }>('POST', '/api/admin/concerts', 201, { body: { title: 'Unscheduled', artistName: 'Nobody', totalSeatCount: 0 } });
    expect(empty.card.saleOpensAt).to.equal(null);
    const soon = await call<{ card: Card }>('POST', '/api/admin/concerts', 201, { body: { title: 'Soon', artistName: 'Later', totalSeatCount: 10, generalSaleStartAt: new Date(now + 1_800_000).toISOString() } });
    const scarce = await call<{ card: Card }>('POST', '/api/admin/concerts', 201, { body: { title: 'Scarce', artistName: 'Few', totalSeatCount: 1, generalSaleStartAt: new Date(now - 60_000).toISOString() } });

    // Admin create: refusals a client can cause.
    await call('POST', '/api/admin/concerts', 400, { body: { title: 'T', artistName: 'A', totalSeatCount: 1, thumbnailUrl: 'https://img.example.com/a|b' } });
    await call('POST', '/api/admin/concerts', 400, { body: '{"title":', headers: { 'content-type': 'application/json' } });
    await call('POST', '/api/admin/concerts', 400, { body: { title: 'Café', artistName: 'A', totalSeatCount: 1 }, headers: { 'content-type': 'application/json; charset=latin1' } });
    await call('POST', '/api/admin/concerts', 401, { body: { title: 'T' }, token: null });
    await call('POST', '/api/admin/concerts', 403, { body: { title: 'T' }, token: 'wrong-token-0123456789' });
    await call('POST', '/api/admin/concerts', 413, { body: { title: 'x'.repeat(20_000) } });
    await call('POST', '/api/admin/concerts', 415, { body: 'title=T', headers: { 'content-type': 'text/plain' } });

    // Reads.
    const page = await call<{ items: Card[] }>('GET', '/api/concerts/search', 200);
    expect(page.items.map((card) => card.id)).to.include.members([full.card.id, empty.card.id]);
    await call('GET', '/api/concerts/search?keyword=spring&sort=saleOpensAt,desc&size=5&page=0', 200);
    await call('GET', '/api/concerts/search?sort=id,DESC', 400);
    await call('GET', '/api/concerts/search?keyword=%ED%A0%80', 400);
    const card = await call<{ card: Card }>('GET', `/api/concerts/${full.card.id}/card`, 200);
    expect(card.card).to.deep.include({ thumbnailUrl: full.card.thumbnailUrl, youtubeVideoUrl: 'https://www.youtube.com/watch?v=abc&t=1s#chapter-2' });
    await call('GET', `/api/concerts/${empty.card.id}/card`, 200);
    await call('GET', '/api/concerts/abc/card', 400);
    await call('GET', '/api/concerts/999999/card', 404);
    const highlights = await call<{ openingSoon: Card[]; sellOutRisk: Card[] }>('GET', '/api/concerts/highlights?openingSoonLimit=5&sellOutRiskLimit=5', 200);
    expect(highlights.openingSoon.map((c) => c.id)).to.include(soon.card.id);
    expect(highlights.sellOutRisk.map((c) => c.id)).to.include(scarce.card.id);
    await call('GET', '/api/concerts/highlights?openingSoonLimit=0', 400);
    await call('GET', '/api/time', 200);

    // Reservations.
    await call('POST', `/api/concerts/${full.card.id}/reservations`, 201, { body: { quantity: 2 } });
    await call('POST', `/api/concerts/${empty.card.id}/reservations`, 409, { body: { quantity: 1 } });
    await call('POST', `/api/concerts/${scarce.card.id}/reservations`, 409, { body: { quantity: 2 } });
    await call('POST', `/api/concerts/${full.card.id}/reservations`, 400, { body: { quantity: 11 } });
    await call('POST', '/api/concerts/999999/reservations', 404, { body: { quantity: 1 } });
    await call('POST', `/api/concerts/${full.card.id}/reservations`, 413, { body: { quantity: 1, pad: 'x'.repeat(20_000) } });
    await call('POST', `/api/concerts/${full.card.id}/reservations`, 415, { body: 'quantity=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } });

    // Admin edit, delete, realtime.
    await call('PUT', `/api/admin/concerts/${empty.card.id}`, 200, { body: { artistGenre: 'Jazz', promoterCountryCode: 'jp' } });
    await call('PUT', `/api/admin/concerts/${empty.card.id}`, 400, { body: { promoterCountryCode: 'ZZ' } });
    await call('PUT', '/api/admin/concerts/999999', 404, { body: { title: 'Gone' } });
    await call('DELETE', `/api/admin/concerts/${soon.card.id}`, 204);
    await call('DELETE', `/api/admin/concerts/${soon.card.id}`, 404);
    await call('DELETE', '/api/admin/concerts/0', 400);
    await call('GET', '/api/admin/realtime', 200);
    await call('GET', '/api/admin/realtime', 401, { token: null });
    await call('PUT', '/api/admin/realtime', 200, { body: { mode: 'hybrid', hybridPollIntervalMillis: 5000 } });
    await call('PUT', '/api/admin/realtime', 400, { body: { mode: 'carrier-pigeon', hybridPollIntervalMillis: 5000 } });
    await call('PUT', '/api/admin/realtime', 200, { body: { mode: 'websocket', hybridPollIntervalMillis: 30_000 } });
    await call('GET', '/api/concerts/search?size=1', 200); // after the switch, realtimeMode in the envelope

    // Operations.
    await call('GET', '/health/live', 200);
    await call('GET', '/health/ready', 200);
    await call('GET', '/metrics', 200, { token: TEST_METRICS_TOKEN });
    await call('GET', '/metrics', 401, { token: null });
    await call('GET', '/metrics', 403, { token: 'not-the-metrics-token' });
    await call('GET', '/openapi.json', 200);
    await call('GET', '/asyncapi.json', 200);

    expect([...covered.keys()].sort(), 'every documented operation was checked').to.deep.equal(documentedOperations().sort());
    const summary = [...covered].map(([operation, statuses]) => `${operation}:${[...statuses].sort().join('/')}`).join(' ');
    console.log(`      [openapi] checked ${summary}`);
  });
});
