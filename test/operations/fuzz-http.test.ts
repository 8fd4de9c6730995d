// Hostile HTTP input, generated: fast-check throws random methods, paths (valid templates with
// wrong segments, and noise), query strings, headers and bodies at one real instance. Whatever comes
// in, the answer is never a 5xx, errors always carry the `{"error": {code, message}}` envelope as
// JSON, API answers are JSON, and no stack trace leaks.

import { expect } from 'chai';
import fc from 'fast-check';
import { request } from 'node:http';
import { createConcert, startTestService, TEST_ADMIN_TOKEN, type InProcessService } from '../support/service-harness.js';

interface Answer {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

function send(baseUrl: string, method: string, path: string, headers: Record<string, string>, body: string | Buffer | null): Promise<Answer> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, method, path, headers, timeout: 10_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error('request timed out')));
    if (body !== null) req.end(body);
    else req.end();
  });
}

const odd = fc.constantFrom('', '-1', '0', '1', '2', '1e3', '1.5', '0x10', '99999999999999999999', 'NaN', 'null', '%00', '%zz', '%', '%E0%A4%A', '..', '%2e%2e', '%2F', '+', '%20', encodeURIComponent('\u00e9'));
const segment = fc.oneof(odd, fc.integer({ min: -5, max: 1_000_000 }).map(String), fc.string({ maxLength: 12 }).map(encodeURIComponent));
const path = fc.oneof(
  segment.map((s) => `/api/concerts/${s}/card`),
  segment.map((s) => `/api/concerts/${s}/reservations`),
  segment.map((s) => `/api/admin/concerts/${s}`),
  fc.constantFrom('/api/concerts/search', '/api/admin/concerts', '/api/admin/realtime', '/api/time', '/api/concerts/highlights', '/health/ready', '/health/live', '/openapi.json', '/', '/api', '/api/', '//api//concerts', '/api/concerts'),
  fc.array(segment, { maxLength: 5 }).map((parts) => `/${parts.join('/')}`),
  fc.array(segment, { maxLength: 3 }).map((parts) => `/api/${parts.join('/')}`),
);
const queryValue = fc.oneof(odd, fc.integer({ min: -1_000, max: 1_000 }).map(String), fc.string({ maxLength: 20 }).map(encodeURIComponent), fc.constantFrom('id,asc', 'title,desc', 'saleOpensAt,up', 'nope', ',', 'id,', ',asc', 'id,asc,extra'));
const queryKey = fc.oneof(fc.constantFrom('keyword', 'artistName', 'entertainmentName', 'page', 'size', 'sort', 'limit', 'id'), fc.string({ maxLength: 8 }).map(encodeURIComponent));
const query = fc.array(fc.tuple(queryKey, queryValue), { maxLength: 6 }).map((pairs) => (pairs.length === 0 ? '' : `?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}`));

const fieldValue = fc.oneof(fc.string({ maxLength: 30 }), fc.string({ unit: 'binary', maxLength: 10 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constantFrom('2030-01-01T00:00:00Z', '2030-01-01', 'yesterday', 'websocket', 'polling', 'hybrid', 'KR', 'https://x.example', '1999-02-30'), fc.array(fc.integer(), { maxLength: 3 }), fc.object({ maxDepth: 1 }));
const shapedBody = fc
  .record(
    {
      title: fieldValue, artistName: fieldValue, totalSeatCount: fieldValue, generalSaleStartAt: fieldValue, quantity: fieldValue,
      mode: fieldValue, hybridPollIntervalMillis: fieldValue, artistDebutDate: fieldValue, entertainmentCountryCode: fieldValue, thumbnailUrl: fieldValue,
    },
    { requiredKeys: [] },
  )
  .map((value) => JSON.stringify(value));
const body = fc.oneof(
  fc.constant(null),
  shapedBody,
  fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)),
  fc.string({ maxLength: 200 }),
  fc.constantFrom('{', '{"quantity":', '[]', 'null', '"x"', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{}}}', '\u0000\u0001', '{"quantity":1e309}'),
  fc.uint8Array({ maxLength: 256 }).map((bytes) => Buffer.from(bytes)),
  fc.constantFrom(2 * 1024 * 1024, 300 * 1024).map((size) => `{"title":"${'x'.repeat(size)}"}`),
);
const headerValue = fc.stringMatching(/^[\x20-\x7e]{0,40}$/);
const headers = fc.record(
  {
    'content-type': fc.oneof(fc.constantFrom('application/json', 'application/json; charset=utf-8', 'application/json; charset=latin1', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', ''), headerValue),
    authorization: fc.oneof(fc.constant(`Bearer ${TEST_ADMIN_TOKEN}`), fc.constantFrom('Bearer', 'Bearer ', 'Bearer wrong-token', `bearer ${TEST_ADMIN_TOKEN}`, 'Basic dXNlcjpwYXNz', `Bearer ${TEST_ADMIN_TOKEN} extra`), headerValue),
    origin: fc.oneof(fc.constantFrom('https://evil.example', 'null', 'http://localhost'), headerValue),
    accept: fc.oneof(fc.constantFrom('application/json', 'text/html', '*/*', 'image/png'), headerValue),
    'accept-encoding': fc.constantFrom('gzip', 'br', 'identity', 'x'),
    'x-forwarded-for': headerValue,
    'access-control-request-method': fc.constantFrom('GET', 'PUT', 'DELETE', 'TRACE'),
  },
  { requiredKeys: [] },
);
const method = fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD');
/** Half the runs aim at a real route with its own method, so the input reaches validation. */
const id = fc.oneof(fc.constantFrom('1', '2', '3'), segment);
const target = fc.oneof(
  fc.tuple(method, path),
  fc.oneof(
    fc.constant(['GET', '/api/concerts/search'] as [string, string]),
    fc.constant(['GET', '/api/concerts/highlights'] as [string, string]),
    id.map((s): [string, string] => ['GET', `/api/concerts/${s}/card`]),
    id.map((s): [string, string] => ['POST', `/api/concerts/${s}/reservations`]),
    fc.constant(['POST', '/api/admin/concerts'] as [string, string]),
    id.map((s): [string, string] => ['PUT', `/api/admin/concerts/${s}`]),
    fc.constant(['PUT', '/api/admin/realtime'] as [string, string]),
  ),
);

describe('Fuzz: hostile HTTP input against one instance', function () {
  this.timeout(120_000);
  let svc: InProcessService;

  before(async () => {
    svc = await startTestService({ env: { RECONCILE_EVERY_MS: '500', HEARTBEAT_EVERY_MS: '1000', CORS_ORIGINS: 'http://localhost' } });
    for (let i = 0; i < 3; i += 1) {
      await createConcert(svc.baseUrl, { title: `Fuzz ${i}`, artistName: 'Fuzz', totalSeatCount: 100, generalSaleStartAt: new Date(Date.now() - 60_000).toISOString() });
    }
  });

  after(async () => {
    await svc?.stop();
  });

  it('never answers 5xx, and every error is a JSON envelope without a stack trace (300 runs)', async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(target, query, headers, body, async ([m, p], q, h, b) => {
        const sentHeaders: Record<string, string> = { ...h };
        const payload = m === 'GET' || m === 'HEAD' ? (b === null ? null : b) : b;
        if (payload !== null) sentHeaders['content-length'] = String(Buffer.byteLength(payload));
        const answer = await send(svc.baseUrl, m, `${p}${q}`, sentHeaders, payload);
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        const what = `${m} ${p}${q} -> ${answer.status} ${answer.contentType} ${answer.body.slice(0, 200)}`;
        expect(answer.status, what).to.be.within(100, 499);
        expect(answer.body, `stack trace in ${what}`).not.to.match(/\n\s+at .+:\d+:\d+/);
        if (m === 'HEAD') return;
        if (answer.status >= 400) {
          expect(answer.contentType, what).to.match(/^application\/json/);
          const envelope = JSON.parse(answer.body) as { error?: { code?: unknown; message?: unknown } };
          expect(envelope.error?.code, what).to.be.a('string');
          expect(envelope.error?.message, what).to.be.a('string');
        } else if (p.startsWith('/api/') && answer.status !== 204 && m !== 'OPTIONS') {
          // (A plain OPTIONS gets the router's `Allow` answer, text/plain, which is ordinary HTTP.)
          expect(answer.contentType, what).to.match(/^application\/json/);
        }
      }),
      {
        numRuns: 300,
        // Found by this fuzz: a NUL character reached PostgreSQL (which refuses it in text) as a 500.
        examples: [
          [['GET', '/api/concerts/search'], '?keyword=%00', {}, null],
          [['POST', '/api/admin/concerts'], '', { 'content-type': 'application/json', authorization: `Bearer ${TEST_ADMIN_TOKEN}` }, JSON.stringify({ title: 'a\u0000b', artistName: 'x', totalSeatCount: 1 })],
          // Issue 13: a lone surrogate was stored as U+FFFD, a latin1 body read as UTF-8 (now 400s).
          [['POST', '/api/admin/concerts'], '', { 'content-type': 'application/json', authorization: `Bearer ${TEST_ADMIN_TOKEN}` }, '{"title":"a\\ud800b","artistName":"x","totalSeatCount":1}'],
          [['POST', '/api/admin/concerts'], '', { 'content-type': 'application/json; charset=latin1', authorization: `Bearer ${TEST_ADMIN_TOKEN}` }, Buffer.from('{"title":"Caf\u00e9","artistName":"x","totalSeatCount":1}', 'latin1')],
          [['GET', '/api/concerts/search'], '?keyword=%ED%A0%80', {}, null],
        ],
        seed: Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31) },
    );
    const live = await fetch(`${svc.baseUrl}/health/live`);
    expect(live.status).to.equal(200);
    console.log(`      [ops figures] HTTP fuzz: statuses ${[...statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s}x${n}`).join(' ')}`);
  });
});
