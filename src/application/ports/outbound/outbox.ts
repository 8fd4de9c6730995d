// The live-event outbox: changes recorded in the same transaction that makes them, sent after
// commit, re-sent when sending failed, read back to fill a gap or replay, trimmed when old. Each
// port answers one question.

import type { ConcertCard } from '../../../domain/card/card.js';
import type { CatalogueChange } from '../../../domain/card/catalogue-change.js';
import type { LiveEventReason } from '../../../domain/realtime/realtime-mode.js';

export interface LiveChange {
  readonly reason: LiveEventReason;
  readonly items: readonly ConcertCard[];
  readonly removedIds: readonly number[];
  /** For time transitions: the boundary instant the change belongs to (epoch ms). */
  readonly boundaryAt: number | null;
  /** What the change did to the catalogue, for views built from a query; null when nothing. */
  readonly catalogue: CatalogueChange | null;
}

export interface RecordedLiveChange extends LiveChange {
  readonly seq: number;
  /** The server instant the change was computed at, inside its transaction (epoch ms). */
  readonly recordedAt: number;
}

/** Inside a publication's transaction: record the change; its row id is the stream `seq`. */
export interface OutboxAppend {
  append(change: LiveChange, recordedAt: number): Promise<RecordedLiveChange>;
}

/** "Which committed changes were never sent?" and "this one went out". */
export interface UnsentChanges {
  /** Rows never marked sent that were recorded at or before `instant`, lowest seq first. */
  findUnsent(instant: number, limit: number): Promise<RecordedLiveChange[]>;
  markSent(seq: number, sentAt: number): Promise<void>;
}

/** Old rows nobody needs any more. */
export interface OutboxRetention {
  /**
   * Deletes up to `limit` rows sent and recorded before `instant`, oldest first, never the row
   * holding the highest seq (the stream head). Returns how many went.
   */
  pruneSent(instant: number, limit: number): Promise<number>;
}

/** Where the stream stands: its highest committed seq (0 when empty), and the epoch it belongs to. */
export interface HeadPosition {
  readonly seq: number;
  readonly epoch: string;
}

/** "How far has the stream got, in which history?" */
export interface StreamHead {
  position(): Promise<HeadPosition>;
}

/** "What was committed after this seq?" — to fill a gap, or replay to a client that reconnects. */
export interface ChangeHistory {
  /**
   * Committed changes with a seq above `afterSeq`, lowest first, at most `limit`; and the lowest
   * seq the outbox still holds (0 when empty): changes below it may have been pruned, while a seq
   * missing above it was never committed (a rolled-back append).
   */
  readAfter(afterSeq: number, limit: number): Promise<{ readonly changes: RecordedLiveChange[]; readonly floorSeq: number }>;
}
