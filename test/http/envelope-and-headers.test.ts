// Cross-cutting behaviour of every response: the error envelope (404/405/500/503 without a
// stack), security headers, no-store caching, CORS allowlist, health, metrics and static files.

import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { DependencyUnavailable } from '../../src/application/ports/outbound/dependency-unavailable.js';
import { assertMatchesOpenApi } from '../support/openapi-check.js';
import { fakeDeps, METRICS_TOKEN, startApp, type ErrorBody, type RunningApp } from './http-fixture.js';

describe('HTTP envelope, headers and operations endpoints', () => {
  let app: RunningApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  async function start(overrides: Parameters<typeof fakeDeps>[0] = {}) {
    const fake = fakeDeps(overrides);
    app = await startApp(fake.deps);
    return { url: app.url, calls: fake.calls };
  }

  const failing = (error: unknown) => ({
    getCard: {
      execute: async () => {
        throw error;
      },
    },
  });

  it('answers unknown routes with 404 NOT_FOUND in the envelope', async () => {
    const { url } = await start();
    const response = await fetch(`${url}/api/nothing-here`);
    expect(response.status).to.equal(404);
    expect(((await response.json()) as ErrorBody).error.code).to.equal('NOT_FOUND');
  });

  it('answers a wrong method with 405 METHOD_NOT_ALLOWED and an Allow header', async () => {
    const { url } = await start();
    const response = await fetch(`${url}/api/concerts/7/card`, { method: 'DELETE' });
    expect(response.status).to.equal(405);
    expect(response.headers.get('allow')).to.contain('GET');
    expect(((await response.json()) as ErrorBody).error.code).to.equal('METHOD_NOT_ALLOWED');
  });

  it('hides unexpected errors behind 500 INTERNAL, with no stack, and reports them to onError', async () => {
    const boom = new Error('secret connection string postgres://u:p@h/db');
    const { url, calls } = await start(failing(boom));
    const response = await fetch(`${url}/api/concerts/7/card`);
    expect(response.status).to.equal(500);
    const text = await response.text();
    expect(JSON.parse(text)).to.deep.equal({ error: { code: 'INTERNAL', message: 'internal server error' } });
    expect(text).not.to.contain('secret');
    expect(text).not.to.contain('at ');
    expect(calls.errors).to.deep.equal([boom]);
  });

  it('answers 503 UNAVAILABLE when a dependency is unavailable, and 500 for the same cause unnamed', async () => {
    const cause = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    const unnamed = await start(failing(cause));
    expect((await fetch(`${unnamed.url}/api/concerts/7/card`)).status, 'only the adapter that knows the cause names it').to.equal(500);
    const { url } = await start(failing(new DependencyUnavailable('database', { cause })));
    const response = await fetch(`${url}/api/concerts/7/card`);
    expect(response.status).to.equal(503);
    const body = (await response.json()) as ErrorBody;
    assertMatchesOpenApi('GET', '/api/concerts/{id}/card', 503, body);
    expect(body.error.code).to.equal('UNAVAILABLE');
  });

  it('sets security headers and no-store on every answer, errors included', async () => {
    const { url } = await start();
    for (const target of ['/api/time', '/api/nothing-here', '/api/concerts/abc/card']) {
      const response = await fetch(`${url}${target}`);
      expect(response.headers.get('x-content-type-options')).to.equal('nosniff');
      expect(response.headers.get('x-frame-options')).to.equal('DENY');
      expect(response.headers.get('referrer-policy')).to.equal('no-referrer');
      expect(response.headers.get('content-security-policy')).to.equal(
        "default-src 'self'; connect-src 'self'; img-src 'self' https: data:; style-src 'self' 'unsafe-inline'",
      );
      expect(response.headers.get('cache-control')).to.equal('no-store');
    }
  });

  describe('CORS', () => {
    it('echoes a listed Origin', async () => {
      const { url } = await start();
      const response = await fetch(`${url}/api/time`, { headers: { origin: 'https://allowed.example' } });
      expect(response.headers.get('access-control-allow-origin')).to.equal('https://allowed.example');
      expect(response.headers.get('vary')).to.contain('Origin');
    });

    it('does not echo an unlisted Origin', async () => {
      const { url } = await start();
      const response = await fetch(`${url}/api/time`, { headers: { origin: 'https://evil.example' } });
      expect(response.status).to.equal(200);
      expect(response.headers.get('access-control-allow-origin')).to.equal(null);
    });

    it('answers a preflight from a listed origin with the allowed methods and headers', async () => {
      const { url } = await start();
      const response = await fetch(`${url}/api/admin/realtime`, {
        method: 'OPTIONS',
        headers: { origin: 'https://allowed.example', 'access-control-request-method': 'PUT', 'access-control-request-headers': 'authorization' },
      });
      expect(response.status).to.equal(204);
      expect(response.headers.get('access-control-allow-origin')).to.equal('https://allowed.example');
      expect(response.headers.get('access-control-allow-methods')).to.contain('PUT');
      expect(response.headers.get('access-control-allow-headers')).to.contain('Authorization');
    });

    it('gives a preflight from an unlisted origin no permission', async () => {
      const { url } = await start();
      const response = await fetch(`${url}/api/admin/realtime`, {
        method: 'OPTIONS',
        headers: { origin: 'https://evil.example', 'access-control-request-method': 'PUT' },
      });
      expect(response.headers.get('access-control-allow-origin')).to.equal(null);
      expect(response.headers.get('access-control-allow-methods')).to.equal(null);
    });
  });

  describe('operations endpoints', () => {
    it('reports liveness', async () => {
      const { url } = await start();
      const response = await fetch(`${url}/health/live`);
      expect(response.status).to.equal(200);
      expect(await response.json()).to.deep.equal({ status: 'UP' });
    });

    it('reports readiness 200 when ready and 503 with the failing checks when not', async () => {
      const ready = await start();
      const up = await fetch(`${ready.url}/health/ready`);
      expect(up.status).to.equal(200);
      const upBody = await up.json();
      assertMatchesOpenApi('GET', '/health/ready', 200, upBody);
      expect(upBody).to.deep.equal({ status: 'UP', checks: { database: true } });
      await app?.close();

      const notReady = await start({
        health: { ...fakeDeps().deps.health, readiness: async () => ({ ready: false, checks: { database: true, redis: false } }) },
      });
      const down = await fetch(`${notReady.url}/health/ready`);
      expect(down.status).to.equal(503);
      expect(await down.json()).to.deep.equal({ status: 'DOWN', checks: { database: true, redis: false } });
    });

    it('serves Prometheus text with its content type', async () => {
      const { url } = await start();
      const response = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
      expect(response.status).to.equal(200);
      expect(response.headers.get('content-type')).to.equal('text/plain; version=0.0.4; charset=utf-8');
      expect(await response.text()).to.contain('up 1');
    });

    it('reports each request to onRequest with the route template, never the raw URL', async () => {
      const { url, calls } = await start();
      await fetch(`${url}/api/concerts/123/card`);
      await fetch(`${url}/api/concerts/abc/card`);
      await fetch(`${url}/no/such/thing`);
      expect(calls.requests).to.deep.equal([
        { route: '/api/concerts/:id/card', method: 'GET', status: 200 },
        { route: '/api/concerts/:id/card', method: 'GET', status: 400 },
        { route: '(unmatched)', method: 'GET', status: 404 },
      ]);
    });
  });

  describe('static files', () => {
    let root: string;
    let outside: string;

    before(async () => {
      const base = await mkdtemp(path.join(tmpdir(), 'http-static-'));
      root = path.join(base, 'public');
      outside = path.join(base, 'secret.html');
      await mkdir(path.join(root, 'assets'), { recursive: true });
      await writeFile(path.join(root, 'index.html'), '<!doctype html><title>cards</title>');
      await writeFile(path.join(root, 'assets', 'app.js'), 'console.log(1);');
      await writeFile(path.join(root, '.env'), 'SECRET=1');
      await writeFile(outside, 'outside');
    });
    after(() => rm(path.dirname(root), { recursive: true, force: true }));

    it('serves index.html at / and assets with their content types', async () => {
      const { url } = await start({ staticDir: root });
      const page = await fetch(`${url}/`);
      expect(page.status).to.equal(200);
      expect(page.headers.get('content-type')).to.equal('text/html; charset=utf-8');
      expect(page.headers.get('x-frame-options')).to.equal('DENY');
      expect(await page.text()).to.contain('<title>cards</title>');
      const script = await fetch(`${url}/assets/app.js`);
      expect(script.headers.get('content-type')).to.equal('text/javascript; charset=utf-8');
    });

    it('refuses traversal, encoded traversal and dotfiles', async () => {
      const { url } = await start({ staticDir: root });
      for (const target of ['/../secret.html', '/%2e%2e/secret.html', '/assets/..%2f..%2fsecret.html', '/.env', '/%2eenv', '/assets%5c..%5c..%5csecret.html']) {
        const response = await fetch(`${url}${target}`);
        expect(response.status, target).to.equal(404);
        expect(await response.text()).not.to.contain('outside');
      }
    });

    it('does not serve files for other methods', async () => {
      const { url } = await start({ staticDir: root });
      const response = await fetch(`${url}/index.html`, { method: 'POST' });
      expect(response.status).to.equal(404);
    });
  });
});
