// The protocol version (CONTRACT.md "Protocol version"), end to end without a database: the real
// gateway refuses a handshake stating a version it cannot serve and admits one it can (or none);
// the HTTP snapshot reads refuse one with 400 UNSUPPORTED_PROTOCOL_VERSION and state theirs; the
// client states its version on both channels and stops with a ProtocolVersionError, without
// retrying, when a server refuses it or answers in another version.

import { expect } from 'chai';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { io as connect, type Socket as ClientSocket } from 'socket.io-client';
import { Server } from 'socket.io';
import { PROTOCOL_VERSION, UNSUPPORTED_PROTOCOL_VERSION } from '../../src/contract/protocol.js';
import type { SearchResponse } from '../../src/contract/wire.js';
import { LiveCardsClient, type SocketFactory } from '../../packages/live-cards-client/src/live-cards-client.js';
import { ProtocolVersionError } from '../../packages/live-cards-client/src/protocol-error.js';
import { fakeDeps, startApp, type RunningApp } from '../http/http-fixture.js';
import { sleep, startGateway, type RunningGateway } from '../realtime/gateway-harness.js';
import { assertMatchesOpenApi } from '../support/openapi-check.js';

const snapshot = (protocolVersion: number): SearchResponse => ({
  items: [],
  page: 0,
  size: 20,
  totalElements: 0,
  totalPages: 0,
  hasNext: false,
  serverNow: new Date().toISOString(),
  serverNowEpochMs: Date.now(),
  realtimeMode: 'websocket',
  hybridPollIntervalMillis: 30_000,
  seq: 0,
  epoch: 'e1',
  protocolVersion,
});

function handshake(url: string, auth?: Record<string, unknown>): Promise<{ connected: true } | { connected: false; message: string; data: unknown }> {
  const socket: ClientSocket = connect(`${url}/concerts`, { transports: ['websocket'], reconnection: false, forceNew: true, ...(auth ? { auth } : {}) });
  return new Promise((resolve) => {
    socket.once('connect', () => {
      socket.disconnect();
      resolve({ connected: true });
    });
    socket.once('connect_error', (error: Error & { data?: unknown }) => resolve({ connected: false, message: error.message, data: error.data }));
  });
}

describe('protocol version', () => {
  describe('the gateway handshake', () => {
    let gateway: RunningGateway;
    before(async () => {
      gateway = await startGateway();
    });
    after(() => gateway.stop());

    it('refuses a version it cannot serve, saying so and which it can', async () => {
      const outcome = await handshake(gateway.url, { protocolVersion: 2 });
      expect(outcome).to.deep.equal({
        connected: false,
        message: 'unsupported protocol version 2: this server speaks 1',
        data: { code: UNSUPPORTED_PROTOCOL_VERSION, supported: [1] },
      });
      expect((await handshake(gateway.url, { protocolVersion: 'latest' })).connected).to.equal(false);
    });

    it('admits the version it speaks, and a client that states none (version 1)', async () => {
      expect(await handshake(gateway.url, { protocolVersion: PROTOCOL_VERSION })).to.deep.equal({ connected: true });
      expect(await handshake(gateway.url)).to.deep.equal({ connected: true });
    });
  });

  describe('the HTTP snapshot reads', () => {
    let app: RunningApp;
    before(async () => {
      app = await startApp(fakeDeps().deps);
    });
    after(() => app.close());

    for (const path of ['/api/concerts/search', '/api/concerts/7/card', '/api/concerts/highlights']) {
      it(`${path} refuses ?protocolVersion=2 with 400 ${UNSUPPORTED_PROTOCOL_VERSION}, and states its own version`, async () => {
        const refused = await fetch(`${app.url}${path}?protocolVersion=2`);
        expect(refused.status).to.equal(400);
        const body = (await refused.json()) as { error: { code: string; message: string; details: unknown } };
        expect(body.error).to.deep.equal({
          code: UNSUPPORTED_PROTOCOL_VERSION,
          message: 'unsupported protocol version "2": this server speaks 1',
          details: { requested: '2', supported: [1] },
        });
        assertMatchesOpenApi('GET', path.replace('/7/', '/{id}/'), 400, body);
        for (const query of ['?protocolVersion=1', '']) {
          const served = await fetch(`${app.url}${path}${query}`);
          expect(served.status, query).to.equal(200);
          expect(((await served.json()) as { protocolVersion: number }).protocolVersion).to.equal(PROTOCOL_VERSION);
        }
      });
    }
  });

  describe('the client', () => {
    const servers: Array<{ close(): Promise<void> }> = [];
    const clients: LiveCardsClient[] = [];
    afterEach(async () => {
      for (const client of clients.splice(0)) client.close();
      await Promise.all(servers.splice(0).map((s) => s.close()));
    });

    /** An HTTP server answering the snapshot with `answer`; a Socket.IO server on it refusing when `refuse`. */
    async function serve(answer: (request: IncomingMessage, response: ServerResponse) => void, refuse = false) {
      const queries: string[] = [];
      const auths: unknown[] = [];
      const http = createServer((request, response) => {
        queries.push(new URL(request.url ?? '/', 'http://x').search);
        answer(request, response);
      });
      const io = new Server(http);
      io.of('/concerts').use((socket, next) => {
        auths.push(socket.handshake.auth);
        if (!refuse) return next();
        next(Object.assign(new Error('unsupported protocol version 1: this server speaks 2'), { data: { code: UNSUPPORTED_PROTOCOL_VERSION, supported: [2] } }));
      });
      io.of('/concerts').on('connection', (socket) =>
        socket.on('time:sync', (sentAt: number, ack: (reply: unknown) => void) => ack({ serverNowEpochMs: Date.now(), clientSentAtMs: sentAt })),
      );
      await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
      const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
      servers.push({ close: () => new Promise<void>((resolve) => io.close(() => resolve())) });
      return { url, queries, auths };
    }
    const json = (status: number, body: unknown) => (_request: IncomingMessage, response: ServerResponse) =>
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

    it('states its version on the snapshot read and in the handshake', async () => {
      const server = await serve(json(200, snapshot(1)));
      const client = new LiveCardsClient({ baseUrl: server.url, query: { size: 5 } });
      clients.push(client);
      await client.start();
      expect(server.queries[0]).to.equal(`?size=5&protocolVersion=${PROTOCOL_VERSION}`);
      expect(server.auths).to.deep.equal([{ protocolVersion: PROTOCOL_VERSION }]);
    });

    it('stops with a ProtocolVersionError when the snapshot read is refused', async () => {
      const server = await serve(json(400, { error: { code: UNSUPPORTED_PROTOCOL_VERSION, message: 'unsupported protocol version "1": this server speaks 2', details: { requested: '1', supported: [2] } } }));
      const client = new LiveCardsClient({ baseUrl: server.url, manualSocket: true });
      clients.push(client);
      const errors: unknown[] = [];
      client.on('error', (error) => errors.push(error));
      const failure = await client.start().then(() => null, (error: unknown) => error);
      expect(failure).to.be.instanceOf(ProtocolVersionError);
      expect(failure).to.include({ message: 'unsupported protocol version "1": this server speaks 2', clientVersion: PROTOCOL_VERSION });
      expect((failure as ProtocolVersionError).serverVersions).to.deep.equal([2]);
      expect(errors).to.deep.equal([failure]);
      // It asks no more: a resync is the same error at once, and no socket is opened.
      expect(await client.resync().then(() => null, (error: unknown) => error)).to.equal(failure);
      client.openLive();
      await sleep(300);
      expect(server.queries).to.have.length(1);
      expect(server.auths).to.deep.equal([]);
    });

    it('stops with a ProtocolVersionError when a snapshot is written in another version', async () => {
      const server = await serve(json(200, snapshot(2)));
      const client = new LiveCardsClient({ baseUrl: server.url, manualSocket: true });
      clients.push(client);
      const failure = await client.start().then(() => null, (error: unknown) => error);
      expect(failure).to.be.instanceOf(ProtocolVersionError);
      expect((failure as Error).message).to.equal('the server answered in protocol version 2; this client speaks 1');
      expect(client.cards().size).to.equal(0);
    });

    it('stops, without reconnecting, when the handshake is refused', async () => {
      const server = await serve(json(200, snapshot(1)), true);
      const opened: unknown[] = [];
      const factory: SocketFactory = (url, options) => {
        opened.push(options.auth);
        return connect(url, options) as ReturnType<SocketFactory>;
      };
      const client = new LiveCardsClient({ baseUrl: server.url, io: factory });
      clients.push(client);
      const failure = await client.start().then(() => null, (error: unknown) => error);
      expect(failure).to.be.instanceOf(ProtocolVersionError);
      expect((failure as ProtocolVersionError).serverVersions).to.deep.equal([2]);
      expect(client.protocolError()).to.equal(failure);
      // The client's own reconnect after a refusal would come within 500 ms (reconnectLater).
      await sleep(800);
      expect(server.auths, 'handshakes the server saw').to.have.length(1);
      expect(opened).to.deep.equal([{ protocolVersion: PROTOCOL_VERSION }]);
      expect(client.isConnected()).to.equal(false);
    });
  });
});
