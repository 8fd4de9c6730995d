// What the relay reports about itself (metrics and logs listen here).

export type ReplaySource = 'ring' | 'outbox' | 'resync';

export interface RelayObserver {
  /** Changes this instance had missed (Redis dropped them, or it was cut off) and read from the outbox. */
  filled(count: number): void;
  /** Changes delivered after a later one because a gap could not be filled in time. */
  deliveredLate(count: number): void;
  /** A replay answered from the ring or the outbox, or refused (resync). */
  replayed(source: ReplaySource, events: number): void;
  /** A step failed (reading the outbox or the head); it is retried. */
  failed(error: unknown): void;
}
