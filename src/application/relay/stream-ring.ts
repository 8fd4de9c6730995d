// The recent tail of the live stream this instance delivered, for replay to a socket that
// reconnects: bounded by count and by bytes, oldest dropped first. It knows the seq below which it
// no longer holds everything (`coversAfter`), so a replay asks the outbox only for older positions.

import type { RecordedLiveChange } from '../ports/outbound/outbox.js';

export interface RingLimits {
  readonly maxEvents: number;
  readonly maxBytes: number;
}

interface Entry {
  readonly change: RecordedLiveChange;
  readonly bytes: number;
}

export class StreamRing {
  private entries: Entry[] = [];
  private bytes = 0;
  /** Every delivered change with a seq above this is in the ring. */
  private floor: number;

  constructor(
    private readonly limits: RingLimits,
    startSeq: number,
  ) {
    this.floor = startSeq;
  }

  /** Keeps `change` (in seq order, whatever order it was delivered in), then trims to the limits. */
  add(change: RecordedLiveChange): void {
    const entry = { change, bytes: sizeOf(change) };
    let at = this.entries.length;
    while (at > 0 && (this.entries[at - 1] as Entry).change.seq > change.seq) at -= 1;
    this.entries.splice(at, 0, entry);
    this.bytes += entry.bytes;
    while (this.entries.length > 0 && (this.entries.length > this.limits.maxEvents || this.bytes > this.limits.maxBytes)) {
      const dropped = this.entries.shift() as Entry;
      this.bytes -= dropped.bytes;
      this.floor = Math.max(this.floor, dropped.change.seq);
    }
  }

  /** True when every delivered change after `seq` is here. */
  covers(seq: number): boolean {
    return seq >= this.floor;
  }

  /** Every delivered change above this seq is here (what it dropped, or what came before it, is not). */
  floorSeq(): number {
    return this.floor;
  }

  /** The changes after `seq`, in seq order. */
  after(seq: number): RecordedLiveChange[] {
    return this.entries.filter((entry) => entry.change.seq > seq).map((entry) => entry.change);
  }

  /** Forgets everything (a new epoch); it covers what comes after `seq`. */
  reset(seq: number): void {
    this.entries = [];
    this.bytes = 0;
    this.floor = seq;
  }

  size(): { readonly events: number; readonly bytes: number } {
    return { events: this.entries.length, bytes: this.bytes };
  }
}

/** What a change costs to keep: the length of its JSON, measured once when it arrives. */
function sizeOf(change: RecordedLiveChange): number {
  return JSON.stringify(change).length;
}
