// A client process holding many Socket.IO clients (plain socket.io-client, one connection each) on
// the `/concerts` namespace. It records, per client, every CONCERTS_REFRESH item it receives with
// the local receipt time (Date.now(): the same clock as the boundary instants on this machine), and
// counts raw duplicate messages (a seq seen twice by the same client). A forked child process, not a
// worker thread: each process has its own file-descriptor limit, so 10 000+ sockets fit. Protocol
// over IPC (advanced serialization, so typed arrays travel as they are):
//   -> {cmd: 'connect'}   <- {type: 'connected', connected, failed}
//   -> {cmd: 'finish'}    <- {type: 'result', ...}   (sockets closed)

import { io, type Socket } from 'socket.io-client';

export interface WorkerInput {
  /** Instance base URLs; client i connects to urls[i % urls.length]. */
  readonly urls: readonly string[];
  /** Global index of this worker's first client and how many it holds. */
  readonly firstClient: number;
  readonly clients: number;
  /** Namespace path (default `/concerts`). */
  readonly namespace?: string;
  /** Event name to record (default CONCERTS_REFRESH). */
  readonly eventName?: string;
  /** Only items of refreshes with this reason are recorded (all when unset). */
  readonly reason?: string;
}

export interface WorkerResult {
  readonly type: 'result';
  /** Parallel arrays, one entry per recorded item. */
  readonly client: Int32Array;
  readonly concert: Int32Array;
  readonly version: Int32Array;
  readonly seq: Float64Array;
  readonly receivedAt: Float64Array;
  readonly status: string[];
  readonly messages: number;
  readonly rawDuplicateMessages: number;
  readonly disconnects: number;
  readonly messageBytes: number[];
}

interface RefreshLike {
  seq: number;
  reason: string;
  items?: { id: number; version: number; saleStatus: string }[];
}

const input = JSON.parse(process.env.FLEET_INPUT as string) as WorkerInput;
const send = (message: unknown) => process.send?.(message);
// The bench process went away (crash, kill): leave with it.
process.on('disconnect', () => process.exit(0));
const sockets: Socket[] = [];
const client: number[] = [];
const concert: number[] = [];
const version: number[] = [];
const seqs: number[] = [];
const receivedAt: number[] = [];
const status: string[] = [];
const messageBytes: number[] = [];
let messages = 0;
let rawDuplicateMessages = 0;
let disconnects = 0;

function open(index: number): Promise<boolean> {
  const url = `${input.urls[index % input.urls.length]}${input.namespace ?? '/concerts'}`;
  const socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: true, timeout: 20_000 });
  sockets.push(socket);
  const seen = new Set<number>();
  socket.on(input.eventName ?? 'CONCERTS_REFRESH', (event: RefreshLike) => {
    const at = Date.now();
    messages += 1;
    if (seen.has(event.seq)) {
      rawDuplicateMessages += 1;
      return;
    }
    seen.add(event.seq);
    if (index === input.firstClient) messageBytes.push(Buffer.byteLength(JSON.stringify(event)));
    if (input.reason && event.reason !== input.reason) return;
    for (const item of event.items ?? []) {
      client.push(index);
      concert.push(item.id);
      version.push(item.version);
      seqs.push(event.seq);
      receivedAt.push(at);
      status.push(item.saleStatus);
    }
  });
  socket.on('disconnect', () => (disconnects += 1));
  return new Promise((resolve) => {
    socket.once('connect', () => resolve(true));
    socket.once('connect_error', () => resolve(false));
  });
}

process.on('message', async (message: { cmd: string }) => {
  if (message.cmd === 'connect') {
    let connected = 0;
    let failed = 0;
    const BATCH = 50;
    for (let i = 0; i < input.clients; i += BATCH) {
      const batch = [];
      for (let j = i; j < Math.min(input.clients, i + BATCH); j += 1) batch.push(open(input.firstClient + j));
      for (const ok of await Promise.all(batch)) ok ? (connected += 1) : (failed += 1);
    }
    send({ type: 'connected', connected, failed });
  } else if (message.cmd === 'finish') {
    for (const socket of sockets) {
      socket.removeAllListeners('disconnect');
      socket.disconnect();
    }
    const result: WorkerResult = {
      type: 'result',
      client: Int32Array.from(client),
      concert: Int32Array.from(concert),
      version: Int32Array.from(version),
      seq: Float64Array.from(seqs),
      receivedAt: Float64Array.from(receivedAt),
      status,
      messages,
      rawDuplicateMessages,
      disconnects,
      messageBytes,
    };
    send(result);
  }
});
