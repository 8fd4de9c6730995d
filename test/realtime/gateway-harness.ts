// Real gateways on real HTTP servers (ephemeral ports) and real socket.io clients, for tests.

import { createServer, type RequestListener, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { createClient } from 'redis';
import { io as connect, type Socket } from 'socket.io-client';
import { nodeTimer } from '../../src/adapters/clock/system-clock.js';
import { createLiveGateway, type LiveGateway, type LiveGatewayOptions } from '../../src/adapters/realtime/live-gateway.js';
import type { LiveStreamRelayUseCase } from '../../src/application/ports/inbound/live-stream.js';
import type { StreamStatus } from '../../src/application/ports/inbound/stream-status.js';
import type { LiveEvent } from '../../src/application/ports/outbound/live-event-publisher.js';
import { LiveStreamRelay, type RelayTuning } from '../../src/application/relay/live-stream-relay.js';
import { CurrentRealtimeSettings } from '../../src/application/settings/current-realtime-settings.js';
import { relayTuning } from '../../src/bootstrap/container.js';
import { InMemoryDatabase } from '../support/fakes/in-memory-database.js';
import { RecordingRelayObserver } from '../support/fakes/live-recorders.js';

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
  /** The instance's relay (a real one on `storage`'s outbox, unless the test gave its own). */
  readonly relay: LiveStreamRelayUseCase;
  readonly relayObserver: RecordingRelayObserver;
  /** The outbox this instance's relay fills gaps from (shared by instances given the same one). */
  readonly storage: InMemoryDatabase;
  /** What LiveDelivery does with a committed change: this instance's relay, then the other instances. */
  publish(event: LiveEvent): Promise<void>;
  stop(): Promise<void>;
}

export interface GatewaySetup {
  /** Serves HTTP beside the gateway (e.g. a snapshot endpoint). */
  readonly onRequest?: RequestListener;
  /** The outbox behind the relay; instances given one storage see one stream. */
  readonly storage?: InMemoryDatabase;
  /** Replaces the real relay (tests of the gateway alone). */
  readonly relay?: LiveStreamRelayUseCase;
  readonly tuning?: Partial<RelayTuning>;
}

export const fixedStatus = (seq = 0): StreamStatus => ({
  seq,
  epoch: 'fixed-epoch',
  serverNowEpochMs: Date.now(),
  settings: { mode: 'websocket', hybridPollIntervalMillis: 30_000 },
});

/** A relay that only reports `status` (tests of the heartbeat); everything else is a no-op. */
export function statusOnlyRelay(status: () => Promise<StreamStatus>): LiveStreamRelayUseCase {
  return { receive: () => undefined, status, checkHead: async () => undefined, replay: async () => ({ resyncRequired: true }) };
}

export async function startGateway(overrides: Partial<LiveGatewayOptions> = {}, setup: GatewaySetup = {}): Promise<RunningGateway> {
  const http = setup.onRequest ? createServer(setup.onRequest) : createServer();
  const errors: Array<{ error: unknown; context: string }> = [];
  const clock = overrides.clock ?? { now: () => Date.now() };
  const gateway = createLiveGateway({
    instanceId: `node-${randomUUID().slice(0, 6)}`,
    corsOrigins: [],
    clock,
    onError: (error, context) => errors.push({ error, context }),
    ...overrides,
  });
  const storage = setup.storage ?? new InMemoryDatabase();
  await storage.ensureRealtimeSettings({ mode: 'websocket', hybridPollIntervalMillis: 30_000 });
  const relayObserver = new RecordingRelayObserver();
  let relay = setup.relay;
  if (!relay) {
    const real = new LiveStreamRelay(storage.stores.outbox, storage.stores.outbox, new CurrentRealtimeSettings(storage.stores.settings, clock), gateway.fanOut, nodeTimer, clock, relayObserver, {
      ...relayTuning({ maxEvents: 1_000, maxBytes: 8 * 1024 * 1024 }),
      ...setup.tuning,
    });
    await real.start();
    relay = real;
  }
  gateway.attach(http);
  gateway.serve(relay);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  const local = relay;
  return {
    gateway,
    http,
    url: `http://127.0.0.1:${port}`,
    errors,
    relay: local,
    relayObserver,
    storage,
    publish: async (event) => {
      local.receive(event);
      await gateway.publisher.publish(event);
    },
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
