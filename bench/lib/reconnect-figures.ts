// bench:reconnect's figures: per mode (replay, snapshot), how long the moved clients took to be
// current again after the kill, and whether any event was lost or duplicated, checked against the
// outbox (every live_event row after the traffic started concerns the watched cards, so each client
// must hold every one of those seqs — a snapshot client only those after its snapshot's seq, the
// snapshot standing for what came before). Plus the survivors' /metrics readings.

import type { ReconnectResult } from './fleet/recorders/reconnect-recorder.js';
import type { Row } from './report.js';
import { round, summarize, type Summary } from './stats.js';

export interface ModeFigures {
  readonly mode: 'replay' | 'snapshot';
  readonly clients: number;
  readonly moved: number;
  readonly current: number;
  /** currentAt − killAt of the moved clients. */
  readonly currentMs: Summary;
  readonly reconnectMs: Summary;
  readonly droppedMs: Summary;
  readonly replayed: Summary;
  readonly resyncs: number;
  readonly lost: number;
  readonly lostClients: number;
  readonly rawDuplicates: number;
  readonly duplicatesAfterDedup: number;
  readonly outOfOrder: number;
}

export function modeFigures(results: readonly ReconnectResult[], mode: 0 | 1, killAt: number, expected: readonly number[]): ModeFigures {
  const current: number[] = [];
  const reconnect: number[] = [];
  const dropped: number[] = [];
  const replayed: number[] = [];
  let clients = 0;
  let moved = 0;
  let resyncs = 0;
  let lost = 0;
  let lostClients = 0;
  let rawDuplicates = 0;
  let duplicatesAfterDedup = 0;
  let outOfOrder = 0;
  for (const r of results) {
    if (r.mode[0] !== mode && r.clients > 0) continue;
    rawDuplicates += r.rawDuplicates;
    duplicatesAfterDedup += r.duplicatesAfterDedup;
    outOfOrder += r.outOfOrder;
    const index = new Map(r.seqs.map((s, k) => [s, k]));
    for (let i = 0; i < r.clients; i += 1) {
      clients += 1;
      const wasMoved = !Number.isNaN(r.droppedAt[i] as number);
      if (wasMoved) {
        moved += 1;
        dropped.push((r.droppedAt[i] as number) - killAt);
        if (!Number.isNaN(r.currentAt[i] as number)) current.push((r.currentAt[i] as number) - killAt);
        if (!Number.isNaN(r.reconnectedAt[i] as number)) reconnect.push((r.reconnectedAt[i] as number) - killAt);
        if (!Number.isNaN(r.replayed[i] as number)) replayed.push(r.replayed[i] as number);
        resyncs += r.resyncs[i] as number;
      }
      const coveredUpTo = wasMoved && !Number.isNaN(r.snapshotSeq[i] as number) ? (r.snapshotSeq[i] as number) : -1;
      let missing = 0;
      for (const seq of expected) {
        if (seq <= coveredUpTo) continue;
        const k = index.get(seq);
        if (k === undefined || (r.received[k] as Uint8Array)[i] !== 1) missing += 1;
      }
      lost += missing;
      if (missing > 0) lostClients += 1;
    }
  }
  return { mode: mode === 0 ? 'replay' : 'snapshot', clients, moved, current: current.length, currentMs: summarize(current), reconnectMs: summarize(reconnect), droppedMs: summarize(dropped), replayed: summarize(replayed), resyncs, lost, lostClients, rawDuplicates, duplicatesAfterDedup, outOfOrder };
}

export function modeRow(f: ModeFigures, load: string): Row {
  return {
    mode: f.mode,
    clients: f.clients,
    moved: f.moved,
    'current again': f.current,
    'dropped p50/max ms': `${round(f.droppedMs.p50, 0)}/${round(f.droppedMs.max, 0)}`,
    'reconnected p50 ms': round(f.reconnectMs.p50, 0),
    'current p50 ms': round(f.currentMs.p50, 0),
    'current p99 ms': round(f.currentMs.p99, 0),
    'current max ms': round(f.currentMs.max, 0),
    'replayed p50/max': `${round(f.replayed.p50, 0)}/${round(f.replayed.max, 0)}`,
    resyncs: f.resyncs,
    'events lost': `${f.lost} (${f.lostClients} clients)`,
    'raw dup (same seq)': f.rawDuplicates,
    'dup after dedup': f.duplicatesAfterDedup,
    'out of order': f.outOfOrder,
    'load 1m': load,
  };
}

/** Sum of every sample of `name` (all label sets) whose labels contain `labelFilter`. */
export function metricSum(text: string, name: string, labelFilter = ''): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const rest = line.slice(name.length);
    if (rest[0] !== ' ' && rest[0] !== '{') continue;
    if (labelFilter && !rest.includes(labelFilter)) continue;
    const value = Number(line.slice(line.lastIndexOf(' ') + 1));
    if (Number.isFinite(value)) sum += value;
  }
  return sum;
}

export interface SurvivorReading {
  readonly statements: number;
  readonly replaysRing: number;
  readonly replaysOutbox: number;
  readonly resyncs: number;
  readonly snapshots: number;
}

export function survivorReading(text: string, snapshotRoute: string): SurvivorReading {
  return {
    statements: metricSum(text, 'db_statements_total'),
    replaysRing: metricSum(text, 'relay_replays_total', 'source="ring"'),
    replaysOutbox: metricSum(text, 'relay_replays_total', 'source="outbox"'),
    resyncs: metricSum(text, 'relay_replays_total', 'source="resync"'),
    snapshots: metricSum(text, 'http_request_duration_seconds_count', `route="${snapshotRoute}"`),
  };
}

export function delta(a: SurvivorReading, b: SurvivorReading): SurvivorReading {
  return { statements: b.statements - a.statements, replaysRing: b.replaysRing - a.replaysRing, replaysOutbox: b.replaysOutbox - a.replaysOutbox, resyncs: b.resyncs - a.resyncs, snapshots: b.snapshots - a.snapshots };
}
