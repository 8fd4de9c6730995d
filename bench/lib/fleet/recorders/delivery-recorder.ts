// Records, per client, every card of every refresh it receives with the local receipt time
// (Date.now(): the same clock as the boundary instants on this machine), and counts raw duplicate
// messages (a seq seen twice by the same client). delivery.ts turns this into latencies, misses and
// duplicates. Columns are growable typed arrays (2 000 000 rows at 10 000 clients × 200 events
// would be a heavy array of objects) and travel over IPC as they are.

import type { Recorder, RecorderContext } from '../recorder.js';

export interface DeliveryRecorderOptions {
  /** Event to record (default CONCERTS_REFRESH). */
  readonly eventName?: string;
  /** Only items of refreshes with this reason are recorded (all when unset). */
  readonly reason?: string;
  /**
   * Skip an item equal (version and status) to the last one recorded for that client and card.
   * For the polling baseline, which resends the whole catalogue every scan: 200 cards × 10 000
   * clients × 60 scans would be 120 million rows. Never for the service: it would hide a change
   * published twice under two seqs (delivery.ts counts those).
   */
  readonly skipRepeats?: boolean;
}

export interface DeliveryResult {
  /** Parallel columns, one entry per recorded item. */
  readonly client: Int32Array;
  readonly concert: Int32Array;
  readonly version: Int32Array;
  readonly seq: Float64Array;
  readonly receivedAt: Float64Array;
  /** Index into statusNames. */
  readonly status: Uint8Array;
  readonly statusNames: string[];
  readonly messages: number;
  readonly rawDuplicateMessages: number;
  readonly disconnects: number;
  /** Wire size of each message the worker's first client got (lean: the frame; 0 for socket.io-client). */
  readonly messageBytes: number[];
}

class Column<T extends Int32Array | Float64Array | Uint8Array> {
  length = 0;
  constructor(private data: T) {}
  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new (this.data.constructor as new (n: number) => T)(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length] = value;
    this.length += 1;
  }
  done(): T {
    return this.data.slice(0, this.length) as T;
  }
}

export function createRecorder(options: DeliveryRecorderOptions | undefined, context: RecorderContext): Recorder<DeliveryResult> {
  const eventName = options?.eventName ?? 'CONCERTS_REFRESH';
  const reason = options?.reason;
  const skipRepeats = options?.skipRepeats === true;
  // card -> per client of this worker: last recorded version + 1 and status code + 1 (0: none)
  const last = new Map<number, { version: Int32Array; status: Uint8Array }>();
  const client = new Column(new Int32Array(1024));
  const concert = new Column(new Int32Array(1024));
  const version = new Column(new Int32Array(1024));
  const seq = new Column(new Float64Array(1024));
  const receivedAt = new Column(new Float64Array(1024));
  const status = new Column(new Uint8Array(1024));
  const statusNames: string[] = [];
  const statusCode = new Map<string, number>();
  // seq -> one byte per client of this worker: has it seen that seq (raw duplicate detection)?
  const seen = new Map<number, Uint8Array>();
  const messageBytes: number[] = [];
  let messages = 0;
  let rawDuplicateMessages = 0;
  let disconnects = 0;
  return {
    decodes: new Set([eventName]),
    onMessage: (c, message, at) => {
      if (message.event !== eventName) return;
      messages += 1;
      const local = c.index - context.firstClient;
      let clients = seen.get(message.seq);
      if (!clients) seen.set(message.seq, (clients = new Uint8Array(context.clients)));
      if (clients[local] === 1) {
        rawDuplicateMessages += 1;
        return;
      }
      clients[local] = 1;
      if (local === 0) messageBytes.push(message.bytes);
      if (reason !== undefined && message.reason !== reason) return;
      for (let i = 0; i < message.itemCount; i += 1) {
        const name = message.statuses[i] as string;
        let code = statusCode.get(name);
        if (code === undefined) {
          code = statusNames.push(name) - 1;
          statusCode.set(name, code);
        }
        if (skipRepeats) {
          const id = message.ids[i] as number;
          let seenCard = last.get(id);
          if (!seenCard) last.set(id, (seenCard = { version: new Int32Array(context.clients), status: new Uint8Array(context.clients) }));
          if (seenCard.version[local] === (message.versions[i] as number) + 1 && seenCard.status[local] === code + 1) continue;
          seenCard.version[local] = (message.versions[i] as number) + 1;
          seenCard.status[local] = code + 1;
        }
        client.push(c.index);
        concert.push(message.ids[i] as number);
        version.push(message.versions[i] as number);
        seq.push(message.seq);
        receivedAt.push(at);
        status.push(code);
      }
    },
    onDisconnect: () => {
      disconnects += 1;
    },
    result: () => ({
      client: client.done(),
      concert: concert.done(),
      version: version.done(),
      seq: seq.done(),
      receivedAt: receivedAt.done(),
      status: status.done(),
      statusNames,
      messages,
      rawDuplicateMessages,
      disconnects,
      messageBytes,
    }),
  };
}
