// Bench-only Socket.IO servers for the delivery baselines, one process per "instance", sharing
// Redis through @socket.io/redis-adapter exactly as the service's instances do (same versions,
// same `/concerts` namespace, same room, same event name). Two modes (BASELINE_MODE):
//
// - `floor`: POST /schedule [{at, payload}] arms one timer per instant; when it fires, the prebuilt
//   payload is emitted to the room (one instance is told to emit; Redis carries it to the others).
//   What is left is what the transport alone costs: timer, encode, Redis, WebSocket, client.
// - `polling`: the original design, kept only here. Every POLL_EVERY_MS after the previous scan
//   ends (fixed delay) the emitting instance reads ALL concerts, computes every card with the
//   domain rules, and when any status changed since the previous scan broadcasts the whole
//   catalogue (`items` = every card). Needs DATABASE_URL.
//
// GET /ready answers 200 once Redis is connected.

import { createServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-adapter';
import pg from 'pg';
import { createClient } from 'redis';
import { Server } from 'socket.io';
import { buildCard } from '../src/domain/card/card.js';
import { CONCERT_COLUMNS, toConcert, type ConcertRow } from '../src/adapters/persistence/concert-rows.js';
import { ALL_CARDS_ROOM, LIVE_NAMESPACE, REFRESH_EVENT } from '../src/adapters/realtime/live-wire.js';
import { toCardJson } from '../src/contract/wire-projection.js';

const MODE = process.env.BASELINE_MODE ?? 'floor';
const INSTANCE = process.env.INSTANCE_ID ?? `baseline-${process.pid}`;
const POLL_EVERY_MS = Number(process.env.POLL_EVERY_MS ?? 1_000);

const pub = createClient({ url: process.env.REDIS_URL as string });
const sub = pub.duplicate();
await Promise.all([pub.connect(), sub.connect()]);

const httpServer = createServer();
const io = new Server(httpServer, { serveClient: false, adapter: createAdapter(pub, sub, { key: process.env.REDIS_KEY_PREFIX as string }) });
const namespace = io.of(LIVE_NAMESPACE);
namespace.on('connection', (socket) => void socket.join(ALL_CARDS_ROOM));

const timers: NodeJS.Timeout[] = [];
let seq = 0;
let pollTimer: NodeJS.Timeout | undefined;
let pool: pg.Pool | null = null;

httpServer.on('request', (request, response) => {
  if (request.url === '/ready') {
    response.end('ok');
    return;
  }
  if (request.method === 'POST' && request.url === '/schedule') {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const schedule = JSON.parse(body) as { at: number; payload: Record<string, unknown> }[];
      for (const { at, payload } of schedule) {
        timers.push(setTimeout(() => namespace.to(ALL_CARDS_ROOM).emit(REFRESH_EVENT, { ...payload, seq: ++seq }), at - Date.now()));
      }
      response.end('armed');
    });
    return;
  }
  if (request.method === 'POST' && request.url === '/poll') {
    startPolling();
    response.end('polling');
    return;
  }
  response.statusCode = 404;
  response.end();
});

function startPolling(): void {
  if (MODE !== 'polling' || pool) return;
  pool = new pg.Pool({ connectionString: process.env.DATABASE_URL as string, max: 2 });
  let previous = new Map<number, string>();
  const scan = async () => {
    const now = Date.now();
    const rows = await (pool as pg.Pool).query<ConcertRow & { version: number }>(
      `select ${CONCERT_COLUMNS}, s.version from concert c join concert_card_state s on s.concert_id = c.id order by c.id`,
    );
    const cards = rows.rows.map((row) => buildCard(toConcert(row), row.version, now));
    const statuses = new Map(cards.map((card) => [card.id, card.saleStatus as string]));
    const changed = previous.size > 0 && cards.some((card) => previous.get(card.id) !== card.saleStatus);
    previous = statuses;
    if (changed) {
      namespace.to(ALL_CARDS_ROOM).emit(REFRESH_EVENT, {
        event: REFRESH_EVENT,
        seq: ++seq,
        reason: 'SALE_STATUS_TRANSITION',
        items: cards.map(toCardJson),
        removedIds: [],
        serverNow: new Date(now).toISOString(),
        serverNowEpochMs: now,
        realtimeMode: 'polling',
        hybridPollIntervalMillis: POLL_EVERY_MS,
        instanceId: INSTANCE,
      });
    }
  };
  const loop = () => {
    scan()
      .catch((error: unknown) => process.stderr.write(`scan failed: ${String(error)}\n`))
      .finally(() => {
        pollTimer = setTimeout(loop, POLL_EVERY_MS);
      });
  };
  loop();
}

httpServer.listen(Number(process.env.PORT), '127.0.0.1');

process.on('SIGTERM', () => {
  for (const timer of timers) clearTimeout(timer);
  clearTimeout(pollTimer);
  namespace.local.disconnectSockets(true);
  void Promise.allSettled([pool?.end(), pub.quit(), sub.quit()]).finally(() => process.exit(0));
});
