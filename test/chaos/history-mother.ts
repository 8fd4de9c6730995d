// Hand-made chaos histories for the checker's tests: one healthy run (one concert that opens at T,
// one watching client that sees it once, one keyed sale that the database kept), and small edits
// that plant exactly one violation each.

import type { ClientEntry, ClientLog, FaultRecord, History } from '../../bench/chaos/history.js';

export const T = 1_800_000_000_000;

export function healthyClient(id = 'all-0', entries: ClientEntry[] = defaultEntries()): ClientLog {
  return { spec: { id, kind: 'all' }, entries, final: [[1, 2, 'OPEN', 8]], finalSeq: 5, stats: {}, connectedAtEnd: true };
}

export function defaultEntries(): ClientEntry[] {
  return [
    { k: 'connect', t: T - 5_000, conn: 1 },
    { k: 'instance', t: T - 4_900, conn: 1, instance: 'chaos-0' },
    { k: 'snapshot', t: T - 4_800, seq: 4, cards: [[1, 1, 'OPEN_SOON_5M', 8]] },
    { k: 'event', t: T + 20, conn: 1, seq: 5, reason: 'SALE_STATUS_TRANSITION', serverNow: T + 5, cards: [[1, 2, 'OPEN', 8]], removed: [] },
  ];
}

export function healthyHistory(): History {
  return {
    seed: 1,
    durationS: 60,
    startedAt: T - 10_000,
    endedAt: T + 20_000,
    schedule: [],
    faults: [],
    clients: [healthyClient()],
    reservations: [{ key: 'k1', concertId: 1, quantity: 2, attempts: [{ t: T + 100, status: 201 }] }],
    httpErrors: [],
    instances: [{ t: T - 20_000, instance: 0, k: 'start' }],
    errorLines: [],
    modes: [],
    bursts: [],
    truth: {
      readAt: T + 19_000,
      cards: [[1, 2, 'OPEN', 8]],
      seats: [{ id: 1, total: 10, available: 8 }],
      answers: { k1: 201 },
      transitions: [[5, 1, 2, 'OPEN', T, T + 5]],
      repeats: [],
      headSeq: 5,
      views: {},
    },
  };
}

export function fault(overrides: Partial<FaultRecord> = {}): FaultRecord {
  return { kind: 'pg-cut', target: 0, durationMs: 2_000, gapMs: 1_000, index: 0, startAt: T - 500, healedAt: T + 1_500, readyMs: 200, currentMs: 300, headAtHeal: 5, ...overrides };
}

export function withClient(history: History, client: ClientLog): History {
  return { ...history, clients: [client] };
}
