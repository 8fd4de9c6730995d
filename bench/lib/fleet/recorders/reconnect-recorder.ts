// bench:reconnect's clients: every one watches the same cards and keeps its stream position (the
// highest seq of a refresh or heartbeat, and the epoch that came with it). Even clients replay,
// odd ones re-read the snapshot (or all one way: options.mode). After a drop the fleet reconnects them to a survivor (clients.ts,
// rotate), and on that reconnect:
//   replay    cards:watch {ids, afterSeq, epoch} → current when the ack says {watching, replayed}
//             (the server sent the missed events before answering); resyncRequired → snapshot;
//   snapshot  cards:watch {ids}, then GET the snapshot from the survivor → current when it answers.
// Per client: when it dropped, reconnected, became current, what it got; per refresh seq, one byte
// per client (dedup by seq, raw duplicates counted) and, per card version, one byte per client (a
// card version received again under another seq is a duplicate after dedup; one older than the
// newest held — a replayed event arriving after the live ones — is only out of order). Notices (CATALOGUE_CHANGED)
// share their event's seq and carry no card: they are counted apart.

import type { BenchClient, Recorder, RecorderContext } from '../recorder.js';

export interface ReconnectOptions {
  readonly ids: number[];
  /** Path of the snapshot on the instance a client is connected to. */
  readonly snapshotPath: string;
  /** 0: every client replays, 1: every client re-reads the snapshot; unset: by index parity. */
  readonly mode?: 0 | 1;
}

export interface ReconnectResult {
  readonly firstClient: number;
  readonly clients: number;
  /** Per client: 0 replay, 1 snapshot. */
  readonly mode: Uint8Array;
  readonly droppedAt: Float64Array;
  readonly reconnectedAt: Float64Array;
  readonly currentAt: Float64Array;
  readonly replayed: Float64Array;
  readonly resyncs: Uint8Array;
  /** Seq of the snapshot read after the reconnect (NaN: none). */
  readonly snapshotSeq: Float64Array;
  readonly seqs: number[];
  /** Parallel to seqs: one byte per client, 1 = received. */
  readonly received: Uint8Array[];
  readonly rawDuplicates: number;
  readonly duplicatesAfterDedup: number;
  /** Card versions older than the newest the client held when they arrived (not duplicates). */
  readonly outOfOrder: number;
  readonly notices: number;
  readonly failures: Record<string, number>;
}

export function createRecorder(options: ReconnectOptions, context: RecorderContext): Recorder<ReconnectResult> {
  const n = context.clients;
  const mode = new Uint8Array(n);
  for (let i = 0; i < n; i += 1) mode[i] = options.mode ?? (context.firstClient + i) % 2;
  const lastSeq = new Float64Array(n).fill(-1);
  const epoch: string[] = new Array<string>(n).fill('');
  const droppedAt = new Float64Array(n).fill(NaN);
  const reconnectedAt = new Float64Array(n).fill(NaN);
  const currentAt = new Float64Array(n).fill(NaN);
  const replayed = new Float64Array(n).fill(NaN);
  const resyncs = new Uint8Array(n);
  const snapshotSeq = new Float64Array(n).fill(NaN);
  const seen = new Map<number, Uint8Array>();
  const versions = new Map<number, Int32Array>();
  // card * 1e6 + version -> one byte per client: that card version was received.
  const cardVersions = new Map<number, Uint8Array>();
  let outOfOrder = 0;
  const failures: Record<string, number> = {};
  let rawDuplicates = 0;
  let duplicatesAfterDedup = 0;
  let notices = 0;
  const fail = (what: string) => (failures[what] = (failures[what] ?? 0) + 1);
  const local = (c: BenchClient) => c.index - context.firstClient;
  const advance = (i: number, seq: number, ep: string) => {
    if (seq > (lastSeq[i] as number)) lastSeq[i] = seq;
    if (ep) epoch[i] = ep;
  };

  async function snapshot(client: BenchClient, i: number): Promise<void> {
    const response = await fetch(`${client.url}${options.snapshotPath}`);
    const body = (await response.json()) as { seq: number; epoch: string; items: { id: number; version: number }[] };
    if (response.status !== 200) throw new Error(`snapshot ${response.status}`);
    for (const item of body.items) {
      const v = versions.get(item.id);
      if (v && item.version > (v[i] as number)) v[i] = item.version;
    }
    snapshotSeq[i] = body.seq;
    advance(i, body.seq, body.epoch);
    currentAt[i] = Date.now();
  }

  async function rejoin(client: BenchClient, i: number): Promise<void> {
    if (mode[i] === 0 && lastSeq[i]! >= 0 && epoch[i]) {
      const [ack] = (await client.emitWithAck('cards:watch', [{ ids: options.ids, afterSeq: lastSeq[i], epoch: epoch[i] }], 10_000)) as [{ replayed?: number; resyncRequired?: boolean; error?: { code: string } }];
      if (ack.error) throw new Error(`watch ${ack.error.code}`);
      if (!ack.resyncRequired) {
        replayed[i] = ack.replayed ?? 0;
        currentAt[i] = Date.now();
        return;
      }
      resyncs[i] = 1;
    } else {
      const [ack] = (await client.emitWithAck('cards:watch', [{ ids: options.ids }], 10_000)) as [{ error?: { code: string } }];
      if (ack.error) throw new Error(`watch ${ack.error.code}`);
    }
    await snapshot(client, i);
  }

  return {
    decodes: new Set(['CONCERTS_REFRESH', 'CONCERTS_HEARTBEAT']),
    onConnect: (client) => {
      const i = local(client);
      if (Number.isNaN(droppedAt[i] as number)) {
        // First connect: watch, no position yet (the first heartbeat or event gives it).
        client.emitWithAck('cards:watch', [{ ids: options.ids }], 15_000).catch(() => fail('first watch'));
        return;
      }
      reconnectedAt[i] = Date.now();
      rejoin(client, i).catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
    },
    onDisconnect: (client) => {
      const i = local(client);
      if (Number.isNaN(droppedAt[i] as number)) droppedAt[i] = Date.now();
    },
    onMessage: (client, message) => {
      const i = local(client);
      if (message.event === 'CONCERTS_HEARTBEAT') {
        if (!Number.isNaN(message.seq)) advance(i, message.seq, message.epoch);
        return;
      }
      if (message.event !== 'CONCERTS_REFRESH' || Number.isNaN(message.seq)) return;
      if (message.reason === 'CATALOGUE_CHANGED') {
        notices += 1;
        advance(i, message.seq, message.epoch);
        return;
      }
      let clients = seen.get(message.seq);
      if (!clients) seen.set(message.seq, (clients = new Uint8Array(n)));
      if (clients[i] === 1) {
        rawDuplicates += 1;
        return;
      }
      clients[i] = 1;
      advance(i, message.seq, message.epoch);
      for (let k = 0; k < message.itemCount; k += 1) {
        const id = message.ids[k] as number;
        let v = versions.get(id);
        if (!v) versions.set(id, (v = new Int32Array(n)));
        const version = message.versions[k] as number;
        const key = id * 1e6 + version;
        let got = cardVersions.get(key);
        if (!got) cardVersions.set(key, (got = new Uint8Array(n)));
        if (got[i] === 1) duplicatesAfterDedup += 1;
        else if (version < (v[i] as number)) outOfOrder += 1;
        got[i] = 1;
        if (version > (v[i] as number)) v[i] = version;
      }
    },
    command: (name) => {
      if (name !== 'progress') throw new Error(`reconnect recorder: unknown command ${name}`);
      let moved = 0;
      let current = 0;
      for (let i = 0; i < n; i += 1) {
        if (Number.isNaN(droppedAt[i] as number)) continue;
        moved += 1;
        if (!Number.isNaN(currentAt[i] as number)) current += 1;
      }
      return { moved, current };
    },
    result: () => {
      const seqs = [...seen.keys()].sort((a, b) => a - b);
      return {
        firstClient: context.firstClient,
        clients: n,
        mode,
        droppedAt,
        reconnectedAt,
        currentAt,
        replayed,
        resyncs,
        snapshotSeq,
        seqs,
        received: seqs.map((s) => seen.get(s) as Uint8Array),
        rawDuplicates,
        duplicatesAfterDedup,
        outOfOrder,
        notices,
        failures,
      };
    },
  };
}
