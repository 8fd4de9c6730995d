// Check 6, recovery: after each fault heals, every instance is ready and every client is current
// again (within the harness's 30 s wait), with the figures per fault kind. And issue 14's targets
// for Redis faults: an instance is ready (resubscribed) within 0.5 s of Redis answering again; it
// fills its clients' gap from the outbox, so no client that stayed connected re-reads a snapshot;
// and the openings in the 5 s after the restore reach those clients on time (clients whose
// instance the next fault already touches in that window are left out).

import type { FaultKind, History } from '../history.js';
import { connectionsOf, faultsTouching, percentile, result, type CheckResult } from './common.js';

/** 0.5 s, plus the 100 ms between two readiness probes. */
export const REDIS_READY_TARGET_MS = 600;
export const ON_TIME_MS = 1_000;

export type RecoveryFigures = Record<string, { n: number; readyP50: number; readyP99: number; currentP50: number; currentP99: number; currentMax: number }>;

export function checkRecovery(history: History): { check: CheckResult; figures: RecoveryFigures } {
  const failures: string[] = [];
  const byKind = new Map<FaultKind, { ready: number[]; current: number[] }>();
  for (const fault of history.faults) {
    if (fault.readyMs === null) failures.push(`fault ${fault.index} (${fault.kind}): instances not all ready 30 s after the heal`);
    if (fault.currentMs === null) failures.push(`fault ${fault.index} (${fault.kind}): clients not current 30 s after the heal`);
    const figures = byKind.get(fault.kind) ?? { ready: [], current: [] };
    figures.ready.push(fault.readyMs ?? 30_000);
    figures.current.push(fault.currentMs ?? 30_000);
    byKind.set(fault.kind, figures);
  }
  const figures: RecoveryFigures = {};
  for (const [kind, { ready, current }] of byKind) {
    figures[kind] = { n: ready.length, readyP50: percentile(ready, 50), readyP99: percentile(ready, 99), currentP50: percentile(current, 50), currentP99: percentile(current, 99), currentMax: Math.max(...current) };
  }
  return { check: result('recovery: ready and current after every fault', `${history.faults.length} faults`, failures), figures };
}

export function checkRedisTargets(history: History): CheckResult {
  const failures: string[] = [];
  const cuts = history.faults.filter((f) => f.kind === 'redis-cut');
  let openings = 0;
  for (const cut of cuts) {
    const name = `redis cut ${cut.index} (${cut.target === 'all' ? 'all' : `instance ${cut.target}`}, ${cut.durationMs} ms)`;
    if (cut.readyMs === null || cut.readyMs > REDIS_READY_TARGET_MS) failures.push(`${name}: ready ${cut.readyMs ?? 'never'} ms after Redis answered (target ${REDIS_READY_TARGET_MS})`);
    // Openings while another fault is already on (a paused or killed instance may hold the boundary's
    // wake-up) are that fault's, wherever it is.
    const soon = history.truth.transitions.filter((b) => b[4] >= cut.healedAt && b[4] <= cut.healedAt + 5_000 && faultsTouching(history, null, b[4] - 1_000, b[4]).every((f) => f === cut));
    for (const log of history.clients) {
      if (log.spec.kind !== 'all') continue;
      const stayed = connectionsOf(log, history.endedAt).find((c) => c.from <= cut.startAt && c.to >= cut.healedAt + 5_000 && (cut.target === 'all' || c.instance === cut.target));
      // The next fault may already touch this client's instance (a pause, a kill): not this cut's doing.
      const next = stayed ? faultsTouching(history, stayed.instance, cut.startAt, cut.healedAt + 5_000).filter((f) => f !== cut) : [];
      if (!stayed || next.length > 0) continue;
      const snapshots = log.entries.filter((e) => e.k === 'snapshot' && e.t >= cut.startAt && e.t <= cut.healedAt + 5_000);
      if (snapshots.length > 0) failures.push(`${name}: ${log.spec.id} stayed connected and re-read ${snapshots.length} snapshot(s)`);
      for (const [seq, id, version, , instant] of soon) {
        openings += 1;
        const seen = log.entries.find((e) => e.k === 'event' && e.seq === seq && e.cards.some((c) => c[0] === id && c[1] === version));
        const late = seen ? seen.t - instant : null;
        if (late === null || late > ON_TIME_MS) failures.push(`${name}: ${log.spec.id} got card ${id} v${version} (instant ${new Date(instant).toISOString()}) ${late === null ? 'never live' : `${late} ms late`}`);
      }
    }
  }
  return result('redis targets: ready in 0.5 s, no snapshot, openings on time', `${cuts.length} Redis cuts, ${openings} (client, opening) pairs after restores`, failures);
}
