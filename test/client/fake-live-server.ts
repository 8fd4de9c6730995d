// A stand-in for the service, under the test's control: a snapshot endpoint answering from mutable
// state, and a real Socket.IO server on `/concerts` whose events the test emits in any order it likes.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import type { CardJson, HeartbeatEvent, RealtimeSettingsJson, RefreshEvent, SearchResponse } from '../../src/contract/wire.js';

/** The one stream history the fake serves. */
export const FAKE_EPOCH = 'fake-epoch';

export interface SnapshotState {
  seq: number;
  /** The stream history snapshots, events and heartbeats belong to. */
  epoch: string;
  items: CardJson[];
  settings: RealtimeSettingsJson;
}

export interface FakeLiveServer {
  readonly url: string;
  readonly snapshot: SnapshotState;
  /** Query strings of every snapshot request, in order. */
  readonly snapshotRequests: string[];
  /** Every cards:watch request, in order. */
  readonly watchRequests: unknown[];
  /**
   * While true, a cards:watch with afterSeq is not answered until answerHeldWatch(): a test sends
   * live and replayed events meanwhile, in the order a real server may deliver them.
   */
  holdReplays: boolean;
  /** Answers the held watch requests with `{watching, replayed}`. */
  answerHeldWatch(replayed: number): void;
  refresh(event: Partial<RefreshEvent> & { seq: number }): void;
  heartbeat(seq: number, settings?: RealtimeSettingsJson): void;
  /** Sends every socket away, as an instance shutting down does. */
  disconnectAll(): void;
  connectedSockets(): number;
  stop(): Promise<void>;
}

export async function startFakeLiveServer(initial: Partial<SnapshotState> = {}): Promise<FakeLiveServer> {
  const snapshot: SnapshotState = {
    seq: 0,
    epoch: FAKE_EPOCH,
    items: [],
    settings: { realtimeMode: 'websocket', hybridPollIntervalMillis: 30_000 },
    ...initial,
  };
  const snapshotRequests: string[] = [];
  const watchRequests: unknown[] = [];
  const held: Array<(replayed: number) => void> = [];
  const control = { holdReplays: false };
  const http = createServer((request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname === '/api/time') {
      const now = Date.now();
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ serverNow: new Date(now).toISOString(), serverNowEpochMs: now }));
      return;
    }
    if (url.pathname !== '/api/concerts/search') {
      response.writeHead(404).end();
      return;
    }
    snapshotRequests.push(url.search);
    const now = Date.now();
    const body: SearchResponse = {
      epoch: snapshot.epoch,
      items: snapshot.items,
      page: 0,
      size: 20,
      totalElements: snapshot.items.length,
      totalPages: 1,
      hasNext: false,
      protocolVersion: 1,
      serverNow: new Date(now).toISOString(),
      serverNowEpochMs: now,
      ...snapshot.settings,
      seq: snapshot.seq,
    };
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  const io = new Server(http);
  const live = io.of('/concerts');
  live.on('connection', (socket) => {
    void socket.join('/topic/concerts/live');
    socket.on('time:sync', (clientSentAtMs: number, ack: (reply: unknown) => void) => ack({ serverNowEpochMs: Date.now(), clientSentAtMs }));
    // Keeps no history: only a position at its head is served (nothing to replay); any older one
    // needs the snapshot. The real service's replay is tested against the real service.
    socket.on('cards:watch', (request: { ids?: number[]; afterSeq?: number }, ack: (reply: unknown) => void) => {
      watchRequests.push(request);
      const watching = request.ids ?? 'all';
      if (request.afterSeq === undefined) ack({ watching });
      else if (control.holdReplays) held.push((replayed) => ack({ watching, replayed }));
      else ack(request.afterSeq >= snapshot.seq ? { watching, replayed: 0 } : { watching, resyncRequired: true });
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;

  const serverTime = () => {
    const now = Date.now();
    return { serverNow: new Date(now).toISOString(), serverNowEpochMs: now };
  };

  return {
    url: `http://127.0.0.1:${port}`,
    snapshot,
    snapshotRequests,
    watchRequests,
    get holdReplays() {
      return control.holdReplays;
    },
    set holdReplays(value: boolean) {
      control.holdReplays = value;
    },
    answerHeldWatch: (replayed) => {
      for (const answer of held.splice(0)) answer(replayed);
    },
    refresh: (event) => {
      const payload: RefreshEvent = {
        event: 'CONCERTS_REFRESH',
        reason: 'CONCERT_UPDATED',
        items: [],
        removedIds: [],
        changedIds: [],
        changedFields: [],
        epoch: snapshot.epoch,
        ...serverTime(),
        ...snapshot.settings,
        instanceId: 'fake',
        ...event,
      };
      live.emit('CONCERTS_REFRESH', payload);
    },
    heartbeat: (seq, settings = snapshot.settings) => {
      const beat: HeartbeatEvent = { seq, epoch: snapshot.epoch, ...serverTime(), ...settings };
      live.emit('CONCERTS_HEARTBEAT', beat);
    },
    disconnectAll: () => live.disconnectSockets(true),
    connectedSockets: () => live.sockets.size,
    stop: async () => {
      live.disconnectSockets(true);
      io.engine.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
