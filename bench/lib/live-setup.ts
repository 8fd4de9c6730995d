// What the delivery benchmarks (bench:live, bench:delivery, and fan-out's steps) set up and read
// besides the clients: the opening concerts created through the admin API, the floor's prebuilt
// payloads and baseline servers, and the split of the service's latency by the outbox timestamps.

import { fileURLToPath } from 'node:url';
import { REDIS_URL, uniqueRedisPrefix, withClient } from './database.js';
import type { ExpectedTransition } from './delivery.js';
import type { DeliveryResult } from './fleet/recorders/delivery-recorder.js';
import { adminHeaders, startNode, type Started } from './processes.js';
import type { Row } from './report.js';
import { round, summarize, type Summary } from './stats.js';

const BASELINE_SERVER = fileURLToPath(new URL('../socket-baseline-server.js', import.meta.url));
/** Floor payloads carry ids far above the service's, so the two systems' cards never mix. */
export const FLOOR_ID_OFFSET = 1_000_000;

export interface CreatedOpening extends ExpectedTransition {
  readonly card: Record<string, unknown>;
}

export async function createOpeningConcerts(baseUrl: string, count: number, firstAt: number, spreadMs: number): Promise<CreatedOpening[]> {
  const expected: CreatedOpening[] = [];
  for (let i = 0; i < count; i += 1) {
    const openAt = firstAt + Math.round((i * spreadMs) / Math.max(1, count - 1));
    const response = await fetch(`${baseUrl}/api/admin/concerts`, {
      method: 'POST',
      headers: adminHeaders(),
      body: JSON.stringify({ title: `Bench opening ${i}`, artistName: `Bench Artist ${i % 20}`, totalSeatCount: 500, generalSaleStartAt: new Date(openAt).toISOString() }),
    });
    if (response.status !== 201) throw new Error(`create failed ${response.status}: ${await response.text()}`);
    const { card } = (await response.json()) as { card: Record<string, unknown> & { id: number } };
    expected.push({ concertId: card.id, boundaryAt: openAt, status: 'OPEN', card });
  }
  return expected;
}

export interface LatencyBreakdown {
  /** Outbox row recorded (by the instance that ran the boundary job) minus the boundary instant. */
  readonly scheduleToCommitMs: Summary;
  /** Row marked sent (after the Redis-adapter emit) minus recorded. */
  readonly commitToSentMs: Summary;
  /** Client receipt minus the row's sent_at, per delivery. */
  readonly sentToClientMs: Summary;
  readonly events: number;
}

/** Splits delivery latency into its stages with the outbox's own timestamps (same machine clock). */
export async function latencyBreakdown(databaseUrl: string, results: readonly DeliveryResult[]): Promise<LatencyBreakdown> {
  const rows = await withClient(databaseUrl, (client) =>
    client.query<{ seq: string; boundary: number; recorded: number; sent: number | null }>(
      `select seq, (extract(epoch from boundary_at) * 1000)::float8 as boundary, (extract(epoch from recorded_at) * 1000)::float8 as recorded,
              (extract(epoch from sent_at) * 1000)::float8 as sent
       from live_event where reason = 'SALE_STATUS_TRANSITION' and boundary_at is not null`,
    ),
  );
  const sentAt = new Map<number, number>();
  for (const row of rows.rows) if (row.sent !== null) sentAt.set(Number(row.seq), row.sent);
  const toClient: number[] = [];
  for (const r of results) {
    for (let i = 0; i < r.seq.length; i += 1) {
      const sent = sentAt.get(r.seq[i] as number);
      if (sent !== undefined) toClient.push((r.receivedAt[i] as number) - sent);
    }
  }
  return {
    scheduleToCommitMs: summarize(rows.rows.map((r) => r.recorded - r.boundary)),
    commitToSentMs: summarize(rows.rows.filter((r) => r.sent !== null).map((r) => (r.sent as number) - r.recorded)),
    sentToClientMs: summarize(toClient),
    events: rows.rows.length,
  };
}

export function breakdownRows(b: LatencyBreakdown): Row[] {
  return ([['boundary -> outbox row recorded', b.scheduleToCommitMs], ['recorded -> marked sent', b.commitToSentMs], ['sent -> client receipt', b.sentToClientMs]] as const).map(
    ([stage, s]) => ({ stage, samples: s.count, 'p50 ms': round(s.p50), 'p95 ms': round(s.p95), 'p99 ms': round(s.p99), 'max ms': round(s.max) }),
  );
}

/** The floor's payload for one opening: the service's refresh envelope around the card as it opens. */
export function floorPayload(opening: CreatedOpening, index: number): Record<string, unknown> {
  const now = opening.boundaryAt;
  return {
    event: 'CONCERTS_REFRESH',
    seq: 0,
    reason: 'SALE_STATUS_TRANSITION',
    items: [{ ...opening.card, id: FLOOR_ID_OFFSET + index, saleStatus: 'OPEN', saleOpensInSeconds: 0, reservationButtonVisible: true, reservationButtonEnabled: true, version: Number(opening.card.version) + 1 }],
    removedIds: [],
    serverNow: new Date(now).toISOString(),
    serverNowEpochMs: now,
    realtimeMode: 'websocket',
    hybridPollIntervalMillis: 30000,
    instanceId: 'floor-1',
  };
}

/** `instances` bench-only Socket.IO servers in `mode` (floor | polling), sharing one Redis prefix. */
export async function startBaseline(mode: string, instances: number, env: Record<string, string>): Promise<Started[]> {
  const prefix = uniqueRedisPrefix(mode);
  return Promise.all(
    Array.from({ length: instances }, (_, i) =>
      startNode(`${mode}-${i + 1}`, BASELINE_SERVER, [], { BASELINE_MODE: mode, REDIS_URL, REDIS_KEY_PREFIX: prefix, INSTANCE_ID: `${mode}-${i + 1}`, ...env }, '/ready'),
    ),
  );
}
