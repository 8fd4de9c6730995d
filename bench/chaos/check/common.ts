// What the checks share: their result shape, percentiles, and the questions every check asks of
// the fault record — which fault touched an instance (or everything) during a window, and which
// instance served a client's connection.

import type { ClientEntry, ClientLog, FaultKind, FaultRecord, History } from '../history.js';

export interface CheckResult {
  readonly name: string;
  readonly passed: boolean;
  /** One line: what was checked, how much. */
  readonly detail: string;
  /** The first violations, each a sentence naming client, card, seq or fault. */
  readonly failures: readonly string[];
}

export const MAX_LISTED = 12;

export function result(name: string, detail: string, failures: readonly string[]): CheckResult {
  return { name, passed: failures.length === 0, detail: failures.length > MAX_LISTED ? `${detail}; ${failures.length} violations` : detail, failures: failures.slice(0, MAX_LISTED) };
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}

/** The instance index a service INSTANCE_ID names (`chaos-2` -> 2). */
export function instanceIndex(instanceId: string): number {
  const match = /(\d+)$/.exec(instanceId);
  return match ? Number(match[1]) : -1;
}

/** The time a fault's effect lasts: from its start until every instance was ready again (at least 1 s after the heal). */
export function faultWindow(fault: FaultRecord): readonly [number, number] {
  return [fault.startAt, fault.healedAt + Math.max(1_000, fault.readyMs ?? 30_000)];
}

/** Faults (of an instance, or global) overlapping [from, to]; bursts touch every instance. */
export function faultsTouching(history: Pick<History, 'faults'>, instance: number | null, from: number, to: number): FaultRecord[] {
  return history.faults.filter((fault) => {
    const [start, end] = faultWindow(fault);
    if (end < from || start > to) return false;
    return fault.target === 'all' || instance === null || fault.target === instance;
  });
}

/** The kind of the first fault active at `t` anywhere, or 'none'. */
export function activeFaultKind(history: Pick<History, 'faults'>, t: number): FaultKind | 'none' {
  return faultsTouching(history, null, t, t)[0]?.kind ?? 'none';
}

export interface Connection {
  readonly conn: number;
  readonly from: number;
  readonly to: number;
  readonly instance: number;
}

/** A client's socket connections, each with the instance that served it (-1 when never named). */
export function connectionsOf(log: ClientLog, endedAt: number): Connection[] {
  const open = new Map<number, { from: number; instance: number }>();
  const done: Connection[] = [];
  for (const entry of log.entries as ClientEntry[]) {
    if (entry.k === 'connect') open.set(entry.conn, { from: entry.t, instance: -1 });
    else if (entry.k === 'instance') {
      const current = open.get(entry.conn);
      if (current) current.instance = instanceIndex(entry.instance);
    } else if (entry.k === 'disconnect') {
      const current = open.get(entry.conn);
      if (current) done.push({ conn: entry.conn, from: current.from, to: entry.t, instance: current.instance });
      open.delete(entry.conn);
    }
  }
  for (const [conn, current] of open) done.push({ conn, from: current.from, to: endedAt, instance: current.instance });
  return done;
}

/** The realtime mode in force at `t` (websocket before the first switch). */
export function modeAt(history: Pick<History, 'modes'>, t: number): string {
  let mode = 'websocket';
  for (const [at, next] of history.modes) if (at <= t) mode = next;
  return mode;
}
