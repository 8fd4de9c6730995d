// The search pages one instance keeps (cards/search-cards.ts), bounded two ways so that a client asking
// for many distinct pages cannot pin memory: by age, because a page older than the window is never
// served again (it is read afresh), so it is dropped by a sweep that runs while any page is kept
// and stops when none is; and by an estimate of the bytes a kept page holds (its rows, the cards
// computed from them, and the one JSON encoding the HTTP adapter keeps beside those cards), the
// oldest pages going first beyond the bound. Pages in flight count once their read resolves.

import type { Clock } from '../ports/clock.js';
import type { ConcertSearchPage } from '../ports/outbound/concert-search.js';
import type { Timer } from '../ports/outbound/timer.js';

export interface KeptPagesLimits {
  /** How long a page is reused (SNAPSHOT_MAX_AGE_MS); 0 keeps nothing. */
  readonly maxAgeMs: number;
  /** Most estimated bytes kept (SEARCH_CACHE_MAX_BYTES); 0 keeps nothing. */
  readonly maxBytes: number;
}

export interface KeptPage<P> {
  readonly readAt: number;
  readonly page: Promise<P>;
  /** The page's seq once read; null while in flight. */
  seq: number | null;
  bytes: number;
}

/**
 * Estimated heap bytes per kept row beyond its text: the concert, state and card objects, and the
 * field names and punctuation of its JSON encoding. Measured with `test/api/search-memory.test.ts`.
 */
const ROW_OVERHEAD_BYTES = 2_000;

/**
 * A page's estimated footprint: each text character counted three times (the stored string, which
 * V8 may hold two bytes a character, and the JSON encoding), plus the per-row overhead.
 */
export function estimatedPageBytes(found: ConcertSearchPage): number {
  let bytes = 0;
  for (const { concert } of found.rows) {
    let text = 0;
    for (const value of Object.values(concert)) if (typeof value === 'string') text += value.length;
    bytes += 3 * text + ROW_OVERHEAD_BYTES;
  }
  return bytes;
}

export class KeptSearchPages<P extends { readonly seq: number; readonly found: ConcertSearchPage }> {
  /** In reading order (a page read again moves to the end), so the oldest come first. */
  private readonly pages = new Map<string, KeptPage<P>>();
  private bytes = 0;
  private sweepPending = false;

  constructor(
    private readonly clock: Clock,
    private readonly timer: Timer,
    readonly limits: KeptPagesLimits,
  ) {}

  get enabled(): boolean {
    return this.limits.maxAgeMs > 0 && this.limits.maxBytes > 0;
  }

  /** The page kept for `key` if it is still within the window. */
  fresh(key: string, now: number): KeptPage<P> | undefined {
    const kept = this.pages.get(key);
    return kept && now - kept.readAt < this.limits.maxAgeMs ? kept : undefined;
  }

  /** Keeps `page` for `key` from `readAt`, replacing what was kept; concurrent askers share it. */
  keep(key: string, readAt: number, page: Promise<P>): KeptPage<P> {
    this.drop(key);
    const entry: KeptPage<P> = { readAt, page, seq: null, bytes: 0 };
    this.pages.set(key, entry);
    this.scheduleSweep(this.limits.maxAgeMs);
    page.then(
      (stored) => {
        if (this.pages.get(key) !== entry) return;
        entry.seq = stored.seq;
        entry.bytes = estimatedPageBytes(stored.found);
        this.bytes += entry.bytes;
        this.evictBeyondBound();
      },
      () => {
        if (this.pages.get(key) === entry) this.drop(key);
      },
    );
    return entry;
  }

  /** What is kept now (tests and the memory test read it). */
  size(): { readonly pages: number; readonly bytes: number } {
    return { pages: this.pages.size, bytes: this.bytes };
  }

  private drop(key: string): void {
    const kept = this.pages.get(key);
    if (!kept) return;
    this.bytes -= kept.bytes;
    this.pages.delete(key);
  }

  private evictBeyondBound(): void {
    for (const [key] of this.pages) {
      if (this.bytes <= this.limits.maxBytes) return;
      this.drop(key);
    }
  }

  private scheduleSweep(delayMs: number): void {
    if (this.sweepPending) return;
    this.sweepPending = true;
    this.timer.after(delayMs, () => {
      this.sweepPending = false;
      this.sweep();
    });
  }

  private sweep(): void {
    const now = this.clock.now();
    for (const [key, kept] of this.pages) {
      const leftMs = kept.readAt + this.limits.maxAgeMs - now;
      if (leftMs > 0) {
        this.scheduleSweep(leftMs);
        return;
      }
      this.drop(key);
    }
  }
}
