// The HTTP side of issue 13.4, on use-case fakes: the Idempotency-Key header, the replay header and
// the 422, the per-client reservation limit (by the socket's address, or the last X-Forwarded-For
// entry behind a trusted proxy) and the failed admin authentication limit and its report.

import { expect } from 'chai';
import type { HttpDeps } from '../../src/adapters/http/http-deps.js';
import { IdempotencyKeyReused, ReplayedRefusal } from '../../src/application/ports/inbound/reserve-seats.js';
import { SeatsUnavailable } from '../../src/domain/errors.js';
import { assertMatchesOpenApi } from '../support/openapi-check.js';
import { ADMIN_TOKEN, aCard, fakeDeps, NOW, startApp, type ErrorBody, type RunningApp } from './http-fixture.js';

const JSON_HEADERS = { 'content-type': 'application/json' };

describe('HTTP reservations: idempotency keys and per-client limits', () => {
  let app: RunningApp | undefined;
  let now = NOW;
  afterEach(async () => {
    await app?.close();
    app = undefined;
    now = NOW;
  });

  async function start(overrides: Partial<HttpDeps> = {}) {
    const fake = fakeDeps({ clock: { now: () => now }, ...overrides });
    app = await startApp(fake.deps);
    return { url: app.url, calls: fake.calls };
  }
  const reserve = (url: string, headers: Record<string, string> = {}, quantity = 1) =>
    fetch(`${url}/api/concerts/7/reservations`, { method: 'POST', headers: { ...JSON_HEADERS, ...headers }, body: JSON.stringify({ quantity }) });

  it('hands the Idempotency-Key to the use case, and marks a replayed answer', async () => {
    const keys: unknown[] = [];
    const { url } = await start({
      reserveSeats: { execute: async (id, _quantity, key) => (keys.push(key), { card: aCard({ id }), replayed: key === 'seen-before' }) },
    });
    expect((await reserve(url)).headers.get('idempotent-replayed')).to.equal(null);
    const replay = await reserve(url, { 'idempotency-key': 'seen-before' });
    expect(replay.status).to.equal(201);
    expect(replay.headers.get('idempotent-replayed')).to.equal('true');
    assertMatchesOpenApi('POST', '/api/concerts/{id}/reservations', 201, await replay.json());
    expect(keys).to.deep.equal([null, 'seen-before']);
  });

  for (const [label, key] of [['too long', 'k'.repeat(256)], ['with a space', 'a b'], ['non-ASCII', 'clé']] as const) {
    it(`refuses an Idempotency-Key ${label} with a 400 naming it`, async () => {
      const { url, calls } = await start();
      const response = await fetch(`${url}/api/concerts/7/reservations`, { method: 'POST', headers: { ...JSON_HEADERS, 'idempotency-key': encodeURI(key) === key ? key : Buffer.from(key).toString('latin1') }, body: '{"quantity":1}' });
      expect(response.status).to.equal(400);
      expect(((await response.json()) as ErrorBody).error.details).to.deep.equal([{ field: 'Idempotency-Key', message: 'Idempotency-Key must be 1 to 255 visible ASCII characters (no spaces)' }]);
      expect(calls.reserve).to.have.length(0);
    });
  }

  it('answers 422 when the key was used for another request, and replays a refusal as a 409 marked replayed', async () => {
    const { url } = await start({
      reserveSeats: {
        execute: async (_id, quantity) => {
          throw quantity === 2 ? new IdempotencyKeyReused() : new ReplayedRefusal(new SeatsUnavailable(7, 1, 0));
        },
      },
    });
    const reused = await reserve(url, { 'idempotency-key': 'k1' }, 2);
    expect(reused.status).to.equal(422);
    const body = await reused.json();
    assertMatchesOpenApi('POST', '/api/concerts/{id}/reservations', 422, body);
    expect((body as ErrorBody).error.code).to.equal('IDEMPOTENCY_KEY_REUSED');
    const refused = await reserve(url, { 'idempotency-key': 'k1' }, 1);
    expect(refused.status).to.equal(409);
    expect(refused.headers.get('idempotent-replayed')).to.equal('true');
    expect(((await refused.json()) as ErrorBody).error.code).to.equal('SEATS_UNAVAILABLE');
  });

  it('lets one client make its per-minute reservations, then answers 429 with Retry-After until a token is back', async () => {
    const { url, calls } = await start({ reservationsPerMinute: 3 });
    const statuses = [];
    for (let i = 0; i < 5; i += 1) statuses.push((await reserve(url)).status);
    expect(statuses).to.deep.equal([201, 201, 201, 429, 429]);
    const refused = await reserve(url);
    expect(refused.headers.get('retry-after')).to.equal('20');
    const body = await refused.json();
    assertMatchesOpenApi('POST', '/api/concerts/{id}/reservations', 429, body);
    expect((body as ErrorBody).error).to.deep.include({ code: 'RATE_LIMITED', details: { retryAfterSeconds: 20 } });
    expect(calls.reserve, 'refused before the use case').to.have.length(3);
    now += 20_000;
    expect((await reserve(url)).status, 'one token back after 20 s').to.equal(201);
    expect((await reserve(url)).status).to.equal(429);
  });

  it('ignores X-Forwarded-For from a peer it does not trust: a client cannot pick a fresh address', async () => {
    const { url } = await start({ reservationsPerMinute: 1 });
    expect((await reserve(url, { 'x-forwarded-for': '203.0.113.1' })).status).to.equal(201);
    expect((await reserve(url, { 'x-forwarded-for': '203.0.113.2' })).status).to.equal(429);
  });

  it('behind a trusted proxy, limits by the address that proxy appended, not by what the client wrote before it', async () => {
    const { url } = await start({ reservationsPerMinute: 1, trustedProxies: ['127.0.0.1'] });
    expect((await reserve(url, { 'x-forwarded-for': '198.51.100.9, 203.0.113.1' })).status).to.equal(201);
    expect((await reserve(url, { 'x-forwarded-for': '198.51.100.10, 203.0.113.1' })).status, 'same client, forged prefix').to.equal(429);
    expect((await reserve(url, { 'x-forwarded-for': '203.0.113.2' })).status, 'another client behind the proxy').to.equal(201);
  });

  it('refuses every admin call with 429 once a client has failed too often — a correct token too — and reports failures without the token', async () => {
    const failures: unknown[][] = [];
    const { url, calls } = await start({ adminAuthFailuresPerMinute: 2, onAdminAuthFailed: (...args) => void failures.push(args) });
    const admin = (authorization?: string) => fetch(`${url}/api/admin/concerts/7`, { method: 'DELETE', headers: authorization ? { authorization } : {} });
    expect((await admin(`Bearer ${ADMIN_TOKEN}`)).status, 'a success costs nothing').to.equal(204);
    expect((await admin()).status).to.equal(401);
    expect((await admin('Bearer guess-number-two')).status).to.equal(403);
    const locked = await admin(`Bearer ${ADMIN_TOKEN}`);
    expect(locked.status).to.equal(429);
    expect(Number(locked.headers.get('retry-after'))).to.equal(30);
    expect((await admin('Bearer guess-number-three')).status).to.equal(429);
    expect(failures).to.deep.equal([
      ['127.0.0.1', 'missing', '/api/admin/concerts/:id', 'DELETE'],
      ['127.0.0.1', 'wrong', '/api/admin/concerts/:id', 'DELETE'],
    ]);
    expect(JSON.stringify(failures)).not.to.include('guess');
    expect(calls.remove).to.have.length(1);
    now += 30_000;
    expect((await admin(`Bearer ${ADMIN_TOKEN}`)).status).to.equal(204);
  });
});
