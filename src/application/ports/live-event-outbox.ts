// Changes recorded in the same transaction that makes them; the row id is the stream `seq`.

import type { ConcertCard } from '../../domain/card/card.js';
import type { LiveEventReason } from '../../domain/realtime/realtime-mode.js';

export interface LiveChange {
  readonly reason: LiveEventReason;
  readonly items: readonly ConcertCard[];
  readonly removedIds: readonly number[];
  /** For time transitions: the boundary instant the change belongs to (epoch ms). */
  readonly boundaryAt: number | null;
}

export interface RecordedLiveChange extends LiveChange {
  readonly seq: number;
  /** The server instant the change was computed at, inside its transaction (epoch ms). */
  readonly recordedAt: number;
}

export interface LiveEventOutbox {
  /** Appends a change and returns its stream sequence number. */
  append(change: LiveChange, recordedAt: number): Promise<RecordedLiveChange>;
  markSent(seq: number, sentAt: number): Promise<void>;
  /** Rows never marked sent that were recorded before `instant`, lowest seq first. */
  findUnsent(instant: number, limit: number): Promise<RecordedLiveChange[]>;
  /**
   * Deletes up to `limit` rows that were sent and recorded before `instant`, oldest first, never
   * the row holding the highest seq (so `latestSeq` stays). Returns how many went.
   */
  pruneSent(instant: number, limit: number): Promise<number>;
  /** The highest committed `seq`, 0 when the stream is empty. */
  latestSeq(): Promise<number>;
  /** Count and oldest record time of unsent rows (for metrics). */
  backlog(): Promise<{ readonly count: number; readonly oldestRecordedAt: number | null }>;
}
