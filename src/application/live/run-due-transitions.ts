// What a scheduler wake-up does: publish every card whose time boundary has come. A wake-up that
// comes early by this use case's clock waits out the difference (as often as the timer fires
// early), so no card is computed before its boundary: one computed a millisecond early would look
// unchanged and be left to the reconcile job.

import type { CardStateStore } from '../ports/card-state-store.js';
import type { Clock } from '../ports/clock.js';
import type { Timer } from '../ports/timer.js';
import type { PublishCardChanges } from './publish-card-changes.js';

export const DUE_BATCH_SIZE = 500;

export class RunDueTransitions {
  constructor(
    private readonly cardStates: CardStateStore,
    private readonly publication: PublishCardChanges,
    private readonly timer: Timer,
    private readonly clock: Clock,
  ) {}

  /** Publishes the transitions due at `boundaryAt` (and any older ones still pending). */
  async execute(boundaryAt: number): Promise<number> {
    for (let early = boundaryAt - this.clock.now(); early > 0; early = boundaryAt - this.clock.now()) {
      await new Promise<void>((resolve) => this.timer.after(early, resolve));
    }
    return this.publishDue(boundaryAt, boundaryAt);
  }

  /** Publishes cards whose boundary is at or before `dueBy`; returns how many cards changed. */
  async publishDue(dueBy: number, boundaryAt: number | null): Promise<number> {
    let published = 0;
    for (;;) {
      const ids = await this.cardStates.findBoundaryDue(dueBy, DUE_BATCH_SIZE);
      if (ids.length === 0) return published;
      const change = await this.publication.publish(ids, 'SALE_STATUS_TRANSITION', boundaryAt);
      published += change?.items.length ?? 0;
      if (ids.length < DUE_BATCH_SIZE) return published;
    }
  }
}
