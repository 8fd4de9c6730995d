// The seeded randomness of a chaos run: one small PRNG (mulberry32) and the fault schedule drawn
// from it, so CHAOS_SEED replays the same faults in the same order with the same durations. The
// schedule is a sequence, not a timetable: the harness runs each fault after the previous one has
// recovered and its quiet gap has passed (so at most one instance is ever down).

import type { FaultKind, PlannedFault } from './history.js';

export type Random = () => number;

export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export const between = (random: Random, min: number, max: number): number => Math.round(min + random() * (max - min));
export const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

/** Relative weights: the process faults and the cuts most often, bursts now and then. */
const WEIGHTS: readonly (readonly [FaultKind, number])[] = [
  ['kill9', 3],
  ['sigterm', 2],
  ['redis-cut', 3],
  ['pg-cut', 3],
  ['latency', 2],
  ['pause', 2],
  ['burst', 1],
];

function drawKind(random: Random): FaultKind {
  const total = WEIGHTS.reduce((sum, [, w]) => sum + w, 0);
  let roll = random() * total;
  for (const [kind, weight] of WEIGHTS) {
    roll -= weight;
    if (roll < 0) return kind;
  }
  return 'kill9';
}

export function drawFault(random: Random, instances: number): PlannedFault {
  const kind = drawKind(random);
  const instance = Math.floor(random() * instances);
  const gapMs = between(random, 1_500, 4_000);
  switch (kind) {
    case 'kill9':
    case 'sigterm':
      // How long the instance stays down before its replacement starts.
      return { kind, target: instance, durationMs: between(random, 300, 2_000), gapMs };
    case 'redis-cut':
    case 'pg-cut':
      return { kind, target: random() < 0.4 ? 'all' : instance, durationMs: between(random, 1_000, 10_000), gapMs };
    case 'latency':
      return { kind, target: instance, link: random() < 0.5 ? 'pg' : 'redis', latencyMs: between(random, 50, 500), durationMs: between(random, 3_000, 10_000), gapMs };
    case 'pause':
      return { kind, target: instance, durationMs: between(random, 1_000, 5_000), gapMs };
    case 'burst':
      return { kind, target: 'all', size: between(random, 200, 300), durationMs: between(random, 2_000, 4_000), gapMs };
  }
}

/** Enough faults for `durationS` (each takes at least its duration and gap); the run stops early. */
export function drawSchedule(seed: number, durationS: number, instances: number): PlannedFault[] {
  const random = seededRandom(seed ^ 0x5eed);
  const faults: PlannedFault[] = [];
  let planned = 0;
  while (planned < durationS * 1_000) {
    const fault = drawFault(random, instances);
    faults.push(fault);
    planned += fault.durationMs + fault.gapMs + 1_000;
  }
  return faults;
}

export function describeFault(fault: PlannedFault): string {
  const where = fault.target === 'all' ? 'all' : `instance ${fault.target}`;
  switch (fault.kind) {
    case 'latency':
      return `latency ${fault.latencyMs} ms on ${fault.link} of ${where} for ${fault.durationMs} ms`;
    case 'burst':
      return `burst of ${fault.size} connects, held ${fault.durationMs} ms`;
    case 'kill9':
    case 'sigterm':
      return `${fault.kind} ${where}, restarted after ${fault.durationMs} ms`;
    default:
      return `${fault.kind} ${where} for ${fault.durationMs} ms`;
  }
}
