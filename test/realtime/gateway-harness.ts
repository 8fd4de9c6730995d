// Real gateways on real HTTP servers (ephemeral ports) and real socket.io clients, for tests.

import { createServer, type RequestListener, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { createClient } from 'redis';
import { io as connect, type Socket } from 'socket.io-client';
import type { StreamStatus } from '../../src/application/ports/inbound/stream-status.js';
import { attachLiveGateway, type LiveGateway, type LiveGatewayOptions } from '../../src/adapters/realtime/live-gateway.js';

export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A Redis channel prefix no other test run shares. */
export function uniqueRedisPrefix(): string {
  return `test-live-${randomUUID()}`;
}

export interface RunningGateway {
  readonly gateway: LiveGateway;
  readonly http: HttpServer;
  readonly url: string;
  readonly errors: Array<{ error: unknown; context: string }>;
  stop(): Promise<void>;
}

export const fixedStatus = (seq = 0): StreamStatus => ({
  seq,
  serverNowEpochMs: Date.now(),
  settings: { mode: 'websocket', hybridPollIntervalMillis: 30_000 },
});

/** `onRequest` serves plain HTTP beside the gateway (e.g. a snapshot endpoint). */
export async function startGateway(overrides: Partial<LiveGatewayOptions> = {}, onRequest?: RequestListener): Promise<RunningGateway> {
  const http = onRequest ? createServer(onRequest) : createServer();
  const errors: Array<{ error: unknown; context: string }> = [];
  const gateway = attachLiveGateway(http, {
    instanceId: `node-${randomUUID().slice(0, 6)}`,
    corsOrigins: [],
    clock: { now: () => Date.now() },
    streamStatus: { execute: async () => fixedStatus() },
    onError: (error, context) => errors.push({ error, context }),
    ...overrides,
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    gateway,
    http,
    url: `http://127.0.0.1:${port}`,
    errors,
    stop: async () => {
      await gateway.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

/** A websocket-only client of `/concerts` that does not reconnect by itself. */
export function openClient(baseUrl: string): Socket {
  return connect(`${baseUrl}/concerts`, { transports: ['websocket'], reconnection: false, forceNew: true });
}

export async function connected(socket: Socket): Promise<Socket> {
  if (socket.connected) return socket;
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

/** Waits until `count` gateways subscribed to the prefix's request channel, i.e. the adapter is live. */
export async function untilSubscribed(prefix: string, count: number): Promise<void> {
  const client = createClient({ url: REDIS_URL });
  await client.connect();
  try {
    for (let attempt = 0; attempt < 200; attempt += 1) {
      const reply = await client.pubSubNumSub(`${prefix}-request#/concerts#`);
      const subscribed = Object.values(reply)[0] ?? 0;
      if (Number(subscribed) >= count) return;
      await sleep(25);
    }
    throw new Error(`gateways did not subscribe under ${prefix}`);
  } finally {
    client.destroy();
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function eventually(check: () => boolean, timeoutMs = 3_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await sleep(10);
  }
}
