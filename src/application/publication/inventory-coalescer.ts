// Seat changes are published at most once per window (about 250 ms), all concerts that changed in
// the window in one event, so a sales rush sends a few events rather than one per seat. A concert
// that reaches zero seats is flushed at once: SOLD_OUT is never delayed by the window.

import type { Timer } from '../ports/outbound/timer.js';
import type { PublicationObserver } from '../ports/outbound/publication-observer.js';
import type { CardPublication } from './card-publication.js';

export class InventoryCoalescer {
  private readonly pending = new Set<number>();
  private cancelFlush: (() => void) | null = null;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly publication: Pick<CardPublication, 'publish'>,
    private readonly timer: Timer,
    private readonly observer: PublicationObserver,
    private readonly windowMs: number,
  ) {}

  seatsChanged(concertId: number, soldOut: boolean): void {
    this.pending.add(concertId);
    if (soldOut || this.windowMs <= 0) {
      this.flush();
    } else if (!this.cancelFlush) {
      this.cancelFlush = this.timer.after(this.windowMs, () => this.flush());
    }
  }

  /** Publishes what is pending now; resolves when every flush started so far has finished. */
  async drain(): Promise<void> {
    this.flush();
    await Promise.all([...this.inFlight]);
  }

  private flush(): void {
    this.cancelFlush?.();
    this.cancelFlush = null;
    if (this.pending.size === 0) return;
    const concertIds = [...this.pending];
    this.pending.clear();
    const run = this.publication
      .publish({ reason: 'INVENTORY_CHANGED', concertIds })
      .then(() => undefined)
      // Seats are committed already; the reconcile job publishes the drift if this flush failed.
      .catch((error: unknown) => this.observer.failed('record', error))
      .finally(() => this.inFlight.delete(run));
    this.inFlight.add(run);
  }
}
