// `npm run bench:lean-check` — proves the lean client before any figure relies on it (~10 s):
// 1. the frame scanner reads exactly what JSON.parse reads, on 3 000 random refresh payloads
//    (titles with quotes, backslashes, unicode and `"id":` inside, keys in random order, extra
//    nested fields, fractions, escapes in statuses);
// 2. against a real socket.io 4.8 server in this process (pings every 200 ms): namespace connect,
//    connect_error with the server's message, events decoded, emit with an ack id, an ack the
//    server asked for, surviving several ping periods, and a server-side disconnect;
// 3. the fleet (client processes, probe recorder) over two servers: every client of either kind
//    acks a command-driven emit, and when one server goes away its lean clients reconnect to the
//    other (rotate) and ack again.
// Prints one line per check and "N passed, N failed"; exits 1 on any failure.

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { Server } from 'socket.io';
import { scanPayload } from './lib/lean/frame-scan.js';
import { LeanSocket, type LeanHandlers } from './lib/lean/lean-socket.js';
import { emptyLiveMessage, fillFromObject, resetLiveMessage, type LiveMessage } from './lib/lean/live-message.js';
import { RECORDERS, startFleet, totalStats } from './lib/fleet/fleet.js';
import type { EmitWithAckReply, ProbeResult } from './lib/fleet/recorders/probe-recorder.js';

let passed = 0;
let failed = 0;
function check(name: string, ok: boolean, detail = ''): void {
  if (ok) passed += 1;
  else failed += 1;
  process.stdout.write(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? ` — ${detail}` : ''}\n`);
}

function snapshot(m: LiveMessage): string {
  return JSON.stringify({ seq: m.seq, reason: m.reason, epoch: m.epoch, ids: [...m.ids.slice(0, m.itemCount)], versions: [...m.versions.slice(0, m.itemCount)], statuses: m.statuses.slice(0, m.itemCount) });
}

function scannerMatchesJsonParse(): void {
  const text = fc.string({ unit: 'binary', maxLength: 30 });
  const tricky = fc.oneof(text, fc.constantFrom('"id":7,', '\\"', '{"version":9}', '],"items":[', 'ünïcødé ✓', '\\u0041'));
  const card = fc.record({
    id: fc.integer({ min: 0, max: 2_000_000 }),
    title: tricky,
    saleStatus: fc.oneof(fc.constantFrom('OPEN', 'PREOPEN', 'SOLD_OUT', 'OPEN_SOON_5M'), text),
    version: fc.integer({ min: 0, max: 1_000_000 }),
    remainingRate: fc.oneof(fc.constant(null), fc.double({ noNaN: true, noDefaultInfinity: true })),
    nested: fc.oneof(fc.constant(null), fc.array(fc.record({ id: fc.integer(), x: tricky }), { maxLength: 3 })),
    reservationButtonVisible: fc.boolean(),
  });
  const shuffled = <T extends object>(arb: fc.Arbitrary<T>) =>
    fc.tuple(arb, fc.nat()).map(([value, seed]) => Object.fromEntries(Object.entries(value).sort((a, b) => ((a[0].charCodeAt(0) * (seed + 1)) % 7) - ((b[0].charCodeAt(0) * (seed + 1)) % 7))));
  const payload = shuffled(
    fc.record({
      event: fc.constant('CONCERTS_REFRESH'),
      seq: fc.integer({ min: 0, max: 2 ** 40 }),
      reason: fc.oneof(fc.constantFrom('SALE_STATUS_TRANSITION', 'INVENTORY_CHANGED'), tricky),
      epoch: fc.oneof(fc.constant(undefined), text, fc.integer()),
      items: fc.array(shuffled(card), { maxLength: 6 }),
      removedIds: fc.array(fc.integer(), { maxLength: 3 }),
      serverNow: fc.constant('2026-12-01T08:00:00.000Z'),
    }),
  );
  const scanned = emptyLiveMessage();
  const parsed = emptyLiveMessage();
  let first = '';
  let runs = 0;
  const outcome = fc.check(
    fc.property(payload, (p) => {
      runs += 1;
      const frame = Buffer.from(`42/concerts,${JSON.stringify(['CONCERTS_REFRESH', p])}`);
      resetLiveMessage(scanned, 'CONCERTS_REFRESH', frame.length);
      scanPayload(frame, '42/concerts,["CONCERTS_REFRESH",'.length, scanned);
      fillFromObject(parsed, 'CONCERTS_REFRESH', JSON.parse(JSON.stringify(p)), frame.length);
      const same = snapshot(scanned) === snapshot(parsed);
      if (!same && !first) first = `${snapshot(scanned)} != ${snapshot(parsed)}`;
      return same;
    }),
    { numRuns: 3_000 },
  );
  check(`frame scan = JSON.parse on ${runs} random refresh payloads`, !outcome.failed && first === '', first || String(outcome.errorInstance ?? ''));
}

interface Seen {
  events: { name: string; seq: number; items: number }[];
  connected: boolean;
  connectError: string | null;
  closed: string | null;
}

function handlersFor(seen: Seen): LeanHandlers<Seen> {
  const m = emptyLiveMessage();
  return {
    event: (_s, name, frame, argStart) => {
      resetLiveMessage(m, name, frame.length);
      if (argStart >= 0) scanPayload(frame, argStart, m);
      seen.events.push({ name, seq: m.seq, items: m.itemCount });
    },
    connect: () => (seen.connected = true),
    connectError: (_s, message) => (seen.connectError = message),
    close: (_s, reason) => (seen.closed = reason),
  };
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function until(condition: () => boolean, ms = 3_000): Promise<boolean> {
  const end = Date.now() + ms;
  while (!condition() && Date.now() < end) await wait(10);
  return condition();
}

async function againstRealServer(): Promise<void> {
  const http = createServer();
  const io = new Server(http, { pingInterval: 200, pingTimeout: 150, serveClient: false });
  const nsp = io.of('/concerts');
  nsp.use((socket, next) => (socket.handshake.auth.refuse ? next(new Error('instance at capacity')) : next()));
  let clientAck: unknown = 'none';
  nsp.on('connection', (socket) => {
    socket.emit('CONCERTS_HEARTBEAT', { seq: 41, serverNow: 'x' });
    socket.on('time:sync', (sentAt: number, ack: (reply: unknown) => void) => ack({ serverNowEpochMs: Date.now(), clientSentAtMs: sentAt }));
    socket.on('kick', () => socket.disconnect(true));
    socket.on('ask', () => socket.emit('question', { seq: 1 }, (...reply: unknown[]) => (clientAck = reply)));
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  try {
    const seen: Seen = { events: [], connected: false, connectError: null, closed: null };
    const socket = new LeanSocket(seen, { url, namespace: '/concerts' }, handlersFor(seen));
    socket.open();
    check('connects to the namespace', await until(() => seen.connected));
    check('decodes the greeting event (name, seq)', await until(() => seen.events.some((e) => e.name === 'CONCERTS_HEARTBEAT' && e.seq === 41)));
    const ack = await socket.emitWithAck('time:sync', [1234]);
    check('emit with ack id gets its ack', (ack[0] as { clientSentAtMs?: number })?.clientSentAtMs === 1234, JSON.stringify(ack));
    const acks = await Promise.all([1, 2, 3].map((n) => socket.emitWithAck('time:sync', [n])));
    check('concurrent acks resolve to their own calls', acks.every((a, i) => (a[0] as { clientSentAtMs: number }).clientSentAtMs === i + 1));
    socket.emit('ask');
    check('answers an ack the server asks for', await until(() => Array.isArray(clientAck)), JSON.stringify(clientAck));
    await wait(1_200);
    check('stays connected over six ping periods (pongs)', seen.closed === null && socket.state === 'connected', String(seen.closed));
    socket.emit('kick');
    check('server-side disconnect is reported', await until(() => seen.closed === 'io server disconnect'), String(seen.closed));

    const refused: Seen = { events: [], connected: false, connectError: null, closed: null };
    new LeanSocket(refused, { url, namespace: '/concerts', auth: { refuse: true } }, handlersFor(refused)).open();
    check('connect_error carries the server message', await until(() => refused.connectError !== null) && refused.connectError === 'instance at capacity', String(refused.connectError));

    const gone: Seen = { events: [], connected: false, connectError: null, closed: null };
    new LeanSocket(gone, { url: 'http://127.0.0.1:1', namespace: '/concerts' }, handlersFor(gone)).open();
    check('an unreachable server is a connect error', await until(() => gone.connectError !== null), String(gone.connectError));

    const closing: Seen = { events: [], connected: false, connectError: null, closed: null };
    const leaving = new LeanSocket(closing, { url, namespace: '/concerts' }, handlersFor(closing));
    leaving.open();
    await until(() => closing.connected);
    leaving.close();
    check('client close leaves the namespace on the server', await until(() => nsp.sockets.size === 0), `${nsp.sockets.size} left`);
  } finally {
    io.close();
  }
}

async function timeSyncServer(): Promise<{ url: string; close(): void }> {
  const http = createServer();
  const io = new Server(http, { serveClient: false });
  io.of('/concerts').on('connection', (socket) => socket.on('time:sync', (sentAt: number, ack: (reply: unknown) => void) => ack({ serverNowEpochMs: Date.now(), clientSentAtMs: sentAt })));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`, close: () => void io.close() };
}

async function fleetOverTwoServers(): Promise<void> {
  const a = await timeSyncServer();
  const b = await timeSyncServer();
  const sync = { event: 'time:sync', args: [42], timeoutMs: 3_000 };
  try {
    const control = startFleet<ProbeResult>({ kind: 'socket.io-client', urls: [a.url, b.url], clients: 10, workers: 1, recorder: { module: RECORDERS.probe } });
    await control.connect();
    const controlAcks = (await control.command<EmitWithAckReply>('emitWithAck', sync))[0];
    check('fleet (socket.io-client): every client acks a command-driven emit', controlAcks?.acked === 10, JSON.stringify(controlAcks?.errors));
    await control.finish();

    const fleet = startFleet<ProbeResult>({ kind: 'lean', urls: [a.url, b.url], clients: 20, workers: 2, recorder: { module: RECORDERS.probe }, reconnect: { minDelayMs: 50, maxDelayMs: 150, rotate: true } });
    const connected = await fleet.connect();
    const first = await fleet.command<EmitWithAckReply>('emitWithAck', sync);
    check('fleet (lean, 2 processes): 20 connect and all ack', connected.connected === 20 && first.reduce((n, r) => n + r.acked, 0) === 20, JSON.stringify(first.map((r) => r.errors)));
    a.close();
    await wait(1_500);
    const moved = totalStats(await fleet.stats());
    check('one server gone: its 10 lean clients reconnect to the other', moved.open === 20 && moved.reconnects === 10, `open ${moved.open}, reconnects ${moved.reconnects}`);
    const again = await fleet.command<EmitWithAckReply>('emitWithAck', sync);
    const results = await fleet.finish();
    const onB = results.reduce((n, r) => n + Object.values(r.urls).filter((u) => u === b.url).length, 0);
    check('…and all 20 ack again, every one now on the surviving server', again.reduce((n, r) => n + r.acked, 0) === 20 && onB === 20, `${onB} on b`);
  } finally {
    a.close();
    b.close();
  }
}

scannerMatchesJsonParse();
await againstRealServer();
await fleetOverTwoServers();
process.stdout.write(`${passed} passed, ${failed} failed\n`);
process.exit(failed === 0 ? 0 : 1);
