// Check 2, boundaries. Every sale-status transition in the outbox is one boundary (card, version,
// status, instant). It must be published once (one row per boundary). Every client that watches the
// card and was connected to a healthy instance throughout [instant - 1 s, instant + 3 s] observes it
// exactly once after its own dedup — by the event, or (if a snapshot got there first) by the
// snapshot — and no client anywhere sees it before its instant. Lateness (first sight minus the
// instant) is reported for every client, split by the fault active at the instant and the mode.

import type { CardFacts, ClientLog, History } from '../history.js';
import { activeFaultKind, connectionsOf, faultsTouching, modeAt, percentile, result, type CheckResult } from './common.js';

const BEFORE_MS = 1_000;
const AFTER_MS = 3_000;

type Boundary = readonly [number, number, number, string, number, number];

export interface BoundaryFigures {
  readonly boundaries: number;
  readonly observations: number;
  /** bucket ('none', a fault kind, 'mode:hybrid', …) -> lateness figures in ms. */
  readonly lateness: Record<string, { n: number; p50: number; p99: number; max: number }>;
  /** First sight on the (client, boundary) pairs held to exactly-once: connected throughout to a fault-free instance. */
  readonly healthyLateness: { n: number; p50: number; p99: number; max: number };
  /** The same buckets: outbox row recorded minus the instant (how late the server published). */
  readonly publishLag: Record<string, { n: number; p50: number; p99: number; max: number }>;
}

interface Sight {
  /** Applied events (or, for a store, view changes) carrying exactly this version and status. */
  readonly exact: number[];
  /** The first time a snapshot showed this version or a later one, before any event. */
  readonly bySnapshot: number | null;
  /** Events whose server time is before the instant. */
  readonly serverEarly: number;
  /** A store showed the new status at the version before (its announced flip), first at this time. */
  readonly flipped: number | null;
}

function sightOf(log: ClientLog, boundary: Boundary): Sight {
  const [, id, version, status] = boundary;
  const exact: number[] = [];
  let bySnapshot: number | null = null;
  let serverEarly = 0;
  let flipped: number | null = null;
  const matches = (card: CardFacts) => card[0] === id && card[1] === version && card[2] === status;
  // A view showing the card again at the same version and status (seats read live by a snapshot,
  // DOMAIN.md "Card version") is not a second sighting of the boundary.
  let shownVersion = '';
  for (const entry of log.entries) {
    if (entry.k === 'view') {
      const card = entry.cards.find((c) => c[0] === id);
      // A store shows announced flips itself: the status, at the version before, never before the instant.
      if (card && card[1] === version - 1 && card[2] === status && flipped === null) flipped = entry.t;
      const key = card ? `${card[1]}/${card[2]}` : shownVersion;
      if (key === shownVersion) continue;
      shownVersion = key;
    }
    if (entry.k === 'event' || entry.k === 'view') {
      if (!entry.cards.some(matches)) {
        if (entry.k === 'view' && bySnapshot === null && exact.length === 0 && entry.cards.some((c) => c[0] === id && c[1] > version)) bySnapshot = entry.t;
        continue;
      }
      exact.push(entry.t);
      if (entry.k === 'event' && entry.serverNow < boundary[4]) serverEarly += 1;
    } else if (entry.k === 'snapshot' && bySnapshot === null && exact.length === 0 && entry.cards.some((c) => c[0] === id && c[1] >= version)) {
      bySnapshot = entry.t;
    }
  }
  return { exact, bySnapshot, serverEarly, flipped };
}

function watches(log: ClientLog, id: number): boolean {
  if (log.spec.kind === 'few') return (log.spec.ids ?? []).includes(id);
  return log.spec.kind === 'all' || log.spec.kind === 'all-store';
}

/** Connected in one connection, to an instance no fault touched, all through the window. */
function healthyThroughout(log: ClientLog, history: History, instant: number): boolean {
  const from = instant - BEFORE_MS;
  const to = instant + AFTER_MS;
  const connection = connectionsOf(log, history.endedAt).find((c) => c.from <= from && c.to >= to);
  if (!connection || connection.instance < 0) return false;
  if (log.spec.kind === 'all-store' && modeAt(history, from) !== 'websocket') return false;
  return faultsTouching(history, connection.instance, from, to).length === 0;
}

export function checkBoundaries(history: History): { check: CheckResult; published: CheckResult; figures: BoundaryFigures } {
  const settledBy = history.truth.readAt - AFTER_MS;
  const boundaries = history.truth.transitions.filter((b) => b[4] >= history.startedAt && b[4] <= settledBy);
  const failures: string[] = [];
  const late: Record<string, number[]> = {};
  const lag: Record<string, number[]> = {};
  const healthyLate: number[] = [];
  let observations = 0;
  for (const boundary of boundaries) {
    const [seq, id, version, status, instant] = boundary;
    const bucket = activeFaultKind(history, instant);
    const mode = modeAt(history, instant);
    const key = bucket !== 'none' ? bucket : mode !== 'websocket' ? `mode:${mode}` : 'none';
    (lag[key] ??= []).push(boundary[5] - instant);
    for (const log of history.clients) {
      if (log.spec.kind === 'view') continue;
      const sight = sightOf(log, boundary);
      const name = `${log.spec.id}: card ${id} v${version} ${status} at ${new Date(instant).toISOString()} (seq ${seq})`;
      for (const t of sight.exact) if (t < instant) failures.push(`${name} seen ${instant - t} ms before its instant`);
      if (sight.serverEarly > 0) failures.push(`${name} sent with a server time before its instant`);
      if (sight.flipped !== null && sight.flipped < instant) failures.push(`${name} flipped ${instant - sight.flipped} ms before its instant`);
      const first = Math.min(sight.exact[0] ?? Infinity, sight.bySnapshot ?? Infinity, sight.flipped ?? Infinity);
      if (Number.isFinite(first)) (late[key] ??= []).push(first - instant);
      if (!watches(log, id) || !healthyThroughout(log, history, instant)) continue;
      observations += 1;
      if (Number.isFinite(first)) healthyLate.push(first - instant);
      const seen = sight.exact.length + (sight.exact.length === 0 && sight.bySnapshot !== null ? 1 : 0);
      if (seen !== 1) failures.push(`${name} observed ${seen} times on a healthy instance`);
    }
  }
  const summary = (buckets: Record<string, number[]>) =>
    Object.fromEntries(Object.entries(buckets).map(([bucket, values]) => [bucket, { n: values.length, p50: percentile(values, 50), p99: percentile(values, 99), max: Math.max(...values) }]));
  const detail = `${boundaries.length} boundaries, ${observations} (client, boundary) pairs on healthy instances`;
  return { check: result('boundaries: once each, never early', detail, failures), published: checkPublishedOnce(boundaries, history.truth.repeats), figures: { boundaries: boundaries.length, observations, lateness: summary(late), publishLag: summary(lag), healthyLateness: summary({ healthy: healthyLate }).healthy ?? { n: 0, p50: Number.NaN, p99: Number.NaN, max: Number.NaN } } };
}

/** One outbox transition per (card, status, instant), and none that changed nothing: else a boundary was published twice. */
export function checkPublishedOnce(boundaries: readonly Boundary[], repeats: readonly Boundary[]): CheckResult {
  const seen = new Map<string, number>();
  const failures: string[] = [];
  for (const [seq, id, , status, instant] of boundaries) {
    const key = `${id}/${status}/${instant}`;
    const first = seen.get(key);
    if (first !== undefined) failures.push(`card ${id} ${status} at ${new Date(instant).toISOString()} published twice (seq ${first} and ${seq})`);
    else seen.set(key, seq);
  }
  for (const [seq, id, version, status] of repeats) failures.push(`card ${id} v${version} ${status} (seq ${seq}): a transition that changed neither status nor seats`);
  return result('boundaries published once', `${boundaries.length} transitions in the outbox`, failures);
}
