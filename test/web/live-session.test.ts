import { expect } from 'chai';
import type { CardJson, RealtimeMode, RefreshEvent, SearchResponse } from '../../src/contract/wire.js';
import { LiveCardsClient, type LiveSocket } from '../../packages/live-cards-client/src/live-cards-client.js';
import { startLiveSession } from '../../packages/live-cards-client/src/live-session.js';
import type { ModeDriver } from '../../packages/live-cards-client/src/mode-driver.js';
import { FakeTimers, settle } from './support/fake-timers.js';
import { aCard } from '../support/card-mother.js';

const T0 = Date.UTC(2026, 2, 1, 12, 0, 0, 0);

/** Just enough of a socket.io-client Socket for the client: handlers, connect/disconnect, time:sync. */
class FakeSocket {
  connected = false;
  active = true;
  disconnects = 0;
  private readonly handlers = new Map<string, ((...args: unknown[]) => void)[]>();

  constructor(private readonly serverNow: () => number) {}

  on(name: string, handler: (...args: unknown[]) => void): this {
    this.handlers.set(name, [...(this.handlers.get(name) ?? []), handler]);
    return this;
  }
  once(name: string, handler: (...args: unknown[]) => void): this {
    return this.on(name, handler);
  }
  emit(name: string, ...args: unknown[]): void {
    for (const handler of this.handlers.get(name) ?? []) handler(...args);
  }
  connect(): this {
    return this;
  }
  disconnect(): this {
    this.disconnects += 1;
    this.active = false;
    if (this.connected) {
      this.connected = false;
      this.emit('disconnect', 'io client disconnect');
    }
    return this;
  }
  /** Every cards:watch sent; each is answered as served with nothing to replay. */
  readonly watches: unknown[] = [];
  timeout(): { emitWithAck: (event: string, argument: unknown) => Promise<unknown> } {
    return {
      emitWithAck: async (event, argument) => {
        if (event !== 'cards:watch') return { serverNowEpochMs: this.serverNow(), clientSentAtMs: argument };
        this.watches.push(argument);
        return { watching: 'all', replayed: 0 };
      },
    };
  }
  /** The server side: accept the connection. */
  up(): void {
    this.connected = true;
    this.emit('connect');
  }
  /** The server side: the connection drops (socket.io-client keeps retrying). */
  down(): void {
    this.connected = false;
    this.emit('disconnect', 'transport close');
  }
}

function card(id: number, saleOpensAt: string | null): CardJson {
  return aCard({ id, title: `Concert ${id}`, saleStatus: 'PREOPEN', saleOpensAt, saleOpensInSeconds: null, availableSeatCount: 10, totalSeatCount: 10 });
}

/**
 * A fake service: its clock runs `serverAheadMs` ahead of the page's; `GET /api/time` reads it, a
 * snapshot reports it `snapshotLagMs` later still (the time spent computing the page).
 */
function setUp(mode: RealtimeMode, cards: CardJson[] = [card(1, null)], clock = { serverAheadMs: 0, snapshotLagMs: 0 }) {
  const timers = new FakeTimers(T0);
  const settings = { realtimeMode: mode, hybridPollIntervalMillis: 2_000 };
  const snapshots: number[] = [];
  const timeSamples: number[] = [];
  const sockets: FakeSocket[] = [];
  const fetchImpl = (async (input: URL | string) => {
    const serverNow = timers.now + clock.serverAheadMs;
    if (new URL(input).pathname === '/api/time') {
      timeSamples.push(timers.now);
      return { ok: true, status: 200, json: async () => ({ serverNow: new Date(serverNow).toISOString(), serverNowEpochMs: serverNow }) };
    }
    snapshots.push(timers.now);
    const body: SearchResponse = {
      epoch: 'e1',
      protocolVersion: 1,
      items: cards,
      page: 0,
      size: 100,
      totalElements: cards.length,
      totalPages: 1,
      hasNext: false,
      serverNow: new Date(serverNow + clock.snapshotLagMs).toISOString(),
      serverNowEpochMs: serverNow + clock.snapshotLagMs,
      seq: 10,
      ...settings,
    };
    return { ok: true, status: 200, json: async () => body };
  }) as unknown as typeof fetch;
  const client = new LiveCardsClient({
    baseUrl: 'http://cards.test',
    fetch: fetchImpl,
    localNow: () => timers.now,
    manualSocket: true,
    timeSyncSamples: 1,
    io: () => {
      const socket = new FakeSocket(() => timers.now);
      sockets.push(socket);
      return socket as unknown as LiveSocket;
    },
  });
  return { timers, client, snapshots, timeSamples, sockets, settings };
}

function modeChange(mode: RealtimeMode, seq: number, now: number): RefreshEvent {
  return {
    event: 'CONCERTS_REFRESH',
    seq,
    reason: 'REALTIME_MODE_CHANGED',
    items: [],
    removedIds: [],
    changedIds: [],
    changedFields: [],
    epoch: 'e1',
    serverNow: new Date(now).toISOString(),
    serverNowEpochMs: now,
    realtimeMode: mode,
    hybridPollIntervalMillis: 2_000,
    instanceId: 'test',
  };
}

describe('live session (client steered by the mode driver)', () => {
  let driver: ModeDriver | null = null;
  let client: LiveCardsClient | null = null;
  afterEach(() => {
    driver?.stop();
    client?.close();
  });

  it('polling: reads snapshots at the interval and never creates a socket', async () => {
    const env = setUp('polling');
    client = env.client;
    driver = await startLiveSession(env.client, { timers: env.timers });
    await env.timers.advance(6_000);
    expect(env.sockets).to.have.length(0);
    expect(env.snapshots.map((at) => at - T0)).to.deep.equal([0, 2_000, 4_000, 6_000]);
  });

  it('polling: estimates the server clock from GET /api/time round trips, and later snapshots do not overwrite it', async () => {
    const env = setUp('polling', [card(1, null)], { serverAheadMs: 37_200, snapshotLagMs: 400 });
    client = env.client;
    driver = await startLiveSession(env.client, { timers: env.timers });
    await settle();
    expect(env.timeSamples, 'one /api/time round trip per sample').to.have.length(1);
    expect(env.client.clockOffsetMs()).to.equal(37_200);
    await env.timers.advance(4_000);
    expect(env.snapshots).to.have.length(3);
    expect(env.client.clockOffsetMs(), 'after two more snapshots').to.equal(37_200);
  });

  it('websocket: samples the clock over the socket, never over HTTP, while it is connected', async () => {
    const env = setUp('websocket', [card(1, null)], { serverAheadMs: 0, snapshotLagMs: 0 });
    client = env.client;
    driver = await startLiveSession(env.client, { timers: env.timers });
    env.sockets[0]!.up();
    await settle();
    expect(env.timeSamples).to.have.length(0);
    expect(env.client.stats().clockSyncs).to.equal(1);
  });

  it('websocket: one snapshot, one socket, no further snapshot while it is connected', async () => {
    const env = setUp('websocket');
    client = env.client;
    driver = await startLiveSession(env.client, { timers: env.timers });
    expect(env.sockets).to.have.length(1);
    env.sockets[0]!.up();
    await env.timers.advance(20_000);
    expect(env.snapshots).to.have.length(1);
    expect(driver.state().connection).to.equal('connected');
  });

  it('websocket: polls after 3 s down and, once back, replays from its seq instead of reading the snapshot, and stops polling', async () => {
    const env = setUp('websocket');
    client = env.client;
    driver = await startLiveSession(env.client, { timers: env.timers });
    const socket = env.sockets[0]!;
    socket.up();
    socket.down();
    await env.timers.advance(5_000);
    expect(env.snapshots.map((at) => at - T0)).to.deep.equal([0, 3_000, 5_000]);
    expect(driver.state().connection).to.equal('polling');
    const watchesBefore = socket.watches.length;
    socket.up();
    await settle();
    await env.timers.advance(10_000);
    expect(env.snapshots.map((at) => at - T0)).to.deep.equal([0, 3_000, 5_000]);
    expect(socket.watches.slice(watchesBefore)).to.deep.equal([{ all: true, afterSeq: 10, epoch: 'e1' }]);
  });

  it('follows a live switch websocket → polling → hybrid from the stream and the snapshots', async () => {
    const env = setUp('websocket');
    client = env.client;
    driver = await startLiveSession(env.client, { timers: env.timers });
    env.sockets[0]!.up();

    env.settings.realtimeMode = 'polling';
    env.sockets[0]!.emit('CONCERTS_REFRESH', modeChange('polling', 11, env.timers.now));
    expect(env.sockets[0]!.disconnects).to.equal(1);
    expect(driver.state()).to.include({ mode: 'polling', connection: 'polling' });
    await env.timers.advance(2_000);
    expect(env.snapshots).to.have.length(2);

    env.settings.realtimeMode = 'hybrid';
    await env.timers.advance(2_000); // the next poll reports hybrid
    expect(env.sockets).to.have.length(2);
    env.sockets[1]!.up();
    await settle();
    expect(driver.state()).to.include({ mode: 'hybrid', connection: 'connected' });
    const before = env.snapshots.length;
    await env.timers.advance(4_000);
    expect(env.snapshots.length - before).to.equal(2);
  });
});
