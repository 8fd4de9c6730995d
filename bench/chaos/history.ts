// What a chaos run leaves behind, and all the checker reads: what every client applied and when,
// every reservation attempt and its outcome, every fault with its times, every instance start and
// exit, the error lines of the logs, and — read straight from PostgreSQL after the settle — the
// truth to hold it all against. Plain JSON, so a run's file can be checked again later.

export type FaultKind = 'kill9' | 'sigterm' | 'redis-cut' | 'pg-cut' | 'latency' | 'pause' | 'burst';

/** A card as the checker compares it: [id, version, saleStatus, availableSeatCount]. */
export type CardFacts = readonly [number, number, string, number];

export interface PlannedFault {
  readonly kind: FaultKind;
  /** Instance index, or 'all' for a global cut (and a burst). */
  readonly target: number | 'all';
  /** For latency: which link. */
  readonly link?: 'pg' | 'redis';
  readonly durationMs: number;
  readonly latencyMs?: number;
  /** A burst: how many connects at once. */
  readonly size?: number;
  /** Quiet time after the fault has recovered, before the next one. */
  readonly gapMs: number;
}

export interface FaultRecord extends PlannedFault {
  readonly index: number;
  readonly startAt: number;
  /** When the fault was taken away (connection given back, SIGCONT, restarted process ready). */
  readonly healedAt: number;
  /** After healedAt: every instance answered /health/ready 200 (null: not within the wait). */
  readonly readyMs: number | null;
  /** After healedAt: every socket client had applied the stream head as it was at healedAt. */
  readonly currentMs: number | null;
  readonly headAtHeal: number;
}

export type ClientKind = 'all' | 'all-store' | 'few' | 'view';

export interface ClientSpec {
  readonly id: string;
  readonly kind: ClientKind;
  /** few: the watched ids. */
  readonly ids?: readonly number[];
  /** view: the search parameters. */
  readonly query?: Readonly<Record<string, string>>;
}

/**
 * One line of a client's log. `t` is the local receipt time (epoch ms; one machine, one clock).
 * - connect/disconnect: the socket (`conn` numbers the client's connections);
 * - instance: the first event of a connection named the instance serving it;
 * - event: a CONCERTS_REFRESH the client applied (after its own seq dedup);
 * - snapshot: a snapshot read and applied;
 * - view: a store's view changed (the cards whose object changed, and the ids that left it).
 */
export type ClientEntry =
  | { readonly k: 'connect'; readonly t: number; readonly conn: number }
  | { readonly k: 'disconnect'; readonly t: number; readonly conn: number; readonly reason: string }
  | { readonly k: 'instance'; readonly t: number; readonly conn: number; readonly instance: string }
  | { readonly k: 'event'; readonly t: number; readonly conn: number; readonly seq: number; readonly reason: string; readonly serverNow: number; readonly cards: readonly CardFacts[]; readonly removed: readonly number[] }
  | { readonly k: 'snapshot'; readonly t: number; readonly seq: number; readonly cards: readonly CardFacts[] }
  | { readonly k: 'view'; readonly t: number; readonly seq: number; readonly cards: readonly CardFacts[]; readonly left: readonly number[] };

export interface ClientLog {
  readonly spec: ClientSpec;
  readonly entries: readonly ClientEntry[];
  /** The view at the end: every card the client holds (few: its watched ones). */
  readonly final: readonly CardFacts[];
  readonly finalSeq: number;
  /** The client's own counters (gaps, resyncs, …) at the end. */
  readonly stats: Readonly<Record<string, number>>;
  /** Still connected (or, in polling mode, polling) at the end. */
  readonly connectedAtEnd: boolean;
}

export interface ReservationAttempt {
  readonly t: number;
  /** HTTP status, or 0 when the connection failed or timed out (outcome unknown). */
  readonly status: number;
}

export interface ReservationRecord {
  readonly key: string;
  readonly concertId: number;
  readonly quantity: number;
  readonly attempts: readonly ReservationAttempt[];
}

export interface HttpError {
  readonly t: number;
  readonly route: string;
  readonly status: number;
  readonly body: string;
}

export interface InstanceEvent {
  readonly t: number;
  readonly instance: number;
  readonly k: 'start' | 'exit';
  readonly code?: number | null;
  readonly signal?: string | null;
  /** An exit the harness caused (kill -9, SIGTERM). */
  readonly expected?: boolean;
  /** The last lines of the log of an exit other than 0 or SIGKILL. */
  readonly tail?: readonly string[];
}

/** What PostgreSQL holds after the settle. */
export interface Truth {
  readonly readAt: number;
  /** Every concert still there, its published card: [id, version, status, published seats]. */
  readonly cards: readonly CardFacts[];
  /** Seats per concert (still there, or read just before the harness removed it). */
  readonly seats: readonly { readonly id: number; readonly total: number; readonly available: number }[];
  /** Keyed answers stored with the seats they took: key -> HTTP status it stands for (201/409). */
  readonly answers: Readonly<Record<string, number>>;
  /** Boundaries: outbox transitions that moved a card's status: [seq, id, version, status, boundary instant, recorded at]. */
  readonly transitions: readonly (readonly [number, number, number, string, number, number])[];
  /** Transition rows that moved neither the status nor the seats of their card (a change published twice). */
  readonly repeats: readonly (readonly [number, number, number, string, number, number])[];
  readonly headSeq: number;
  /** view clients: query key -> the ids the search answers now. */
  readonly views: Readonly<Record<string, readonly number[]>>;
}

export interface History {
  readonly seed: number;
  readonly durationS: number;
  readonly startedAt: number;
  readonly endedAt: number;
  readonly schedule: readonly PlannedFault[];
  readonly faults: readonly FaultRecord[];
  readonly clients: readonly ClientLog[];
  readonly reservations: readonly ReservationRecord[];
  readonly httpErrors: readonly HttpError[];
  readonly instances: readonly InstanceEvent[];
  /** Lines of the instances' logs at error level or above, or naming an unhandled rejection. */
  readonly errorLines: readonly { readonly instance: number; readonly line: string }[];
  /** Realtime mode switches: [t, mode]. */
  readonly modes: readonly (readonly [number, string])[];
  readonly bursts: readonly { readonly t: number; readonly connected: number; readonly failed: number }[];
  readonly truth: Truth;
}

export function queryKey(query: Readonly<Record<string, string>>): string {
  return new URLSearchParams(Object.entries(query).sort(([a], [b]) => a.localeCompare(b))).toString();
}
