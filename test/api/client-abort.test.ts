// A client that hangs up in the middle of its upload (Content-Length: 100, 20 bytes sent, socket
// destroyed) is not a server error: the request is recorded with status 499, as nginx does, the
// onAborted hook hears of it, and onError does not (only DependencyUnavailable, raised by an
// outbound adapter, becomes a 503; the request stream's ECONNRESET never passes through one).
// Through the real service, that means no error log line, no stack, no 503, and a 499 label in the
// request metric.

import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { expect } from 'chai';
import Koa from 'koa';
import { HttpError } from '../../src/adapters/http/http-error.js';
import { errorEnvelope } from '../../src/adapters/http/middleware/error-envelope.js';
import { readRequestBody } from '../../src/adapters/http/middleware/request-body.js';
import { ADMIN_TOKEN, fakeDeps, startApp, type RunningApp } from '../http/http-fixture.js';
import { loadConfig } from '../../src/bootstrap/config.js';
import { startService, type RunningService } from '../../src/bootstrap/service.js';
import { TEST_ADMIN_TOKEN, uniquePrefix } from '../support/service-harness.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/** Sends the head and part of a declared body, then destroys the socket. */
async function hangUpMidUpload(baseUrl: string, path: string, headers: Record<string, string> = {}): Promise<void> {
  const url = new URL(baseUrl);
  const socket = connect(Number(url.port), url.hostname);
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const head = Object.entries({ host: url.host, 'content-type': 'application/json', 'content-length': '100', ...headers })
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  socket.write(`POST ${path} HTTP/1.1\r\n${head}\r\n{"quantity": 1, "pad`);
  await new Promise((resolve) => setTimeout(resolve, 50));
  socket.destroy();
}

async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A bare Koa app on a real server: the envelope (when given) around one handler. */
async function serve(handler: Koa.Middleware, envelope?: Koa.Middleware): Promise<{ url: string; server: Server }> {
  const koa = new Koa();
  koa.silent = true;
  if (envelope) koa.use(envelope);
  koa.use(handler);
  const server = createServer(koa.callback());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('HTTP client hanging up mid-upload', () => {
  describe('each layer on its own', () => {
    let server: Server | undefined;
    afterEach(() => {
      server?.closeAllConnections();
      server?.close();
      server = undefined;
    });

    it('the body reader turns the hang-up into CLIENT_CLOSED_REQUEST (499)', async () => {
      let outcome: unknown;
      const served = await serve(async (ctx) => {
        outcome = await readRequestBody(ctx.req, 1_000).catch((error: unknown) => error);
        ctx.status = 204;
      });
      server = served.server;
      await hangUpMidUpload(served.url, '/');
      await until(() => outcome !== undefined, 'the body reader to give up');
      expect(outcome).to.be.instanceOf(HttpError);
      expect(outcome).to.include({ status: 499, code: 'CLIENT_CLOSED_REQUEST' });
    });

    it('the envelope classifies the request stream\'s own error as an abort, from whatever read it', async () => {
      const seen: { aborted: string[]; errors: unknown[]; status: number[] } = { aborted: [], errors: [], status: [] };
      const hooks = {
        onAborted: (route: string) => void seen.aborted.push(route),
        onError: (error: unknown) => void seen.errors.push(error),
      };
      const timing: Koa.Middleware = async (ctx, next) => {
        await next();
        seen.status.push(ctx.status);
      };
      const served = await serve(
        async (ctx) => {
          for await (const _chunk of ctx.req) {
            // a handler reading the raw stream itself, not through readRequestBody
          }
        },
        async (ctx, next) => timing(ctx, () => errorEnvelope(hooks)(ctx, next)),
      );
      server = served.server;
      await hangUpMidUpload(served.url, '/');
      await until(() => seen.status.length === 1, 'the request to finish');
      expect(seen).to.deep.equal({ aborted: ['(unmatched)'], errors: [], status: [499] });
    });
  });

  describe('in the adapter', () => {
    let app: RunningApp;
    let calls: ReturnType<typeof fakeDeps>['calls'];
    const aborted: { route: string; method: string }[] = [];

    beforeEach(async () => {
      aborted.length = 0;
      const fake = fakeDeps({ onAborted: (route, method) => aborted.push({ route, method }) });
      calls = fake.calls;
      app = await startApp(fake.deps);
    });
    afterEach(() => app.close());

    for (const [path, headers] of [
      ['/api/concerts/7/reservations', {}],
      ['/api/admin/concerts', { authorization: `Bearer ${ADMIN_TOKEN}` }],
    ] as const) {
      it(`records POST ${path} as aborted (499), not as a server error`, async () => {
        await hangUpMidUpload(app.url, path, headers);
        await until(() => calls.requests.length === 1, 'the request to be recorded');
        expect(calls.requests[0]?.status).to.equal(499);
        expect(calls.errors, 'onError is for server errors').to.deep.equal([]);
        expect(aborted).to.deep.equal([{ route: path.replace('/7/', '/:id/'), method: 'POST' }]);
        expect(calls.reserve.length + calls.create.length, 'no use case ran').to.equal(0);
      });
    }
  });

  describe('through the real service', function () {
    this.timeout(60_000);
    let database: TestDatabase;
    let svc: RunningService;
    const lines: { level: number; msg: string; [key: string]: unknown }[] = [];

    before(async () => {
      database = await createTestDatabase();
      const config = loadConfig({ PORT: '0', METRICS_PORT: '0', DATABASE_URL: database.url, ADMIN_TOKEN: TEST_ADMIN_TOKEN, LOG_LEVEL: 'info', LOG_FORMAT: 'json', DEMO_SEED: 'false', REDIS_KEY_PREFIX: uniquePrefix() });
      svc = await startService(config, { logDestination: { write: (line) => void lines.push(JSON.parse(line) as (typeof lines)[number]) } });
    });
    after(async () => {
      await svc?.stop();
      await database?.drop();
    });

    it('logs each abort once below error, without a stack, and never answers or counts a 5xx', async () => {
      lines.length = 0;
      for (let i = 0; i < 3; i += 1) await hangUpMidUpload(svc.url, '/api/concerts/1/reservations');
      await hangUpMidUpload(svc.url, '/api/admin/concerts', { authorization: `Bearer ${TEST_ADMIN_TOKEN}` });
      const metric = /^http_request_duration_seconds_count\{route="([^"]+)",method="POST",status="(\d+)"\} (\d+)$/gm;
      let samples: [string, string, number][] = [];
      await until(async () => {
        const text = await (await fetch(svc.metricsUrl as string)).text();
        samples = [...text.matchAll(metric)].map((m) => [m[1]!, m[2]!, Number(m[3])]);
        return samples.reduce((sum, [, , n]) => sum + n, 0) === 4;
      }, 'four recorded requests');
      expect(samples).to.have.deep.members([
        ['/api/concerts/:id/reservations', '499', 3],
        ['/api/admin/concerts', '499', 1],
      ]);
      const aborts = lines.filter((line) => /client closed/.test(line.msg));
      expect(aborts, JSON.stringify(lines)).to.have.length(4);
      for (const line of aborts) {
        expect(line.level, 'info').to.equal(30);
        expect(JSON.stringify(line)).not.to.match(/stack|ECONNRESET|unavailable/i);
      }
      expect(lines.filter((line) => line.level >= 50), 'no error line').to.deep.equal([]);
    });
  });
});
