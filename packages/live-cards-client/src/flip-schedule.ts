// Applies announced flips on time (DOMAIN.md "Announced flips"): the cards as a screen shows them
// are the server's cards through `cardAsShown`, and one timer wakes at the next instant an
// announcement comes due, so the screen flips with no message at that moment. Every card goes
// through `cardAsShown`, including one that arrives after its own instant (a last-second edit
// computed before the boundary), so nothing flips back. Without a round-trip estimate nothing is
// applied and no timer runs: the push, or the next poll, brings the change.

import { cardAsShown, showFromLocalMs } from './announced-flip.js';
import type { ClockEstimate } from './clock-offset.js';
import type { Timers } from './timers.js';
import type { CardJson } from './wire.js';

/** setTimeout cannot wait longer than 2^31-1 ms; a farther flip is re-planned on waking. */
const LONGEST_WAIT_MS = 2_147_483_647;

export interface FlipScheduleDeps {
  readonly localNow: () => number;
  readonly estimate: () => ClockEstimate | null;
  readonly timers: Timers;
  /** Some card's announcement came due: the shown cards changed. */
  readonly onFlip: () => void;
}

export class FlipSchedule {
  private timer: unknown = null;
  private view: ReadonlyMap<number, CardJson> = new Map();
  /** Per card id: the server card and what was shown for it, so an applied card keeps its identity. */
  private applied = new Map<number, { readonly from: CardJson; readonly shown: CardJson }>();

  constructor(private readonly deps: FlipScheduleDeps) {}

  /** The cards as shown now; the same map while nothing shown differs, so callers may compare by identity. */
  shown(source: ReadonlyMap<number, CardJson>): ReadonlyMap<number, CardJson> {
    const estimate = this.deps.estimate();
    const now = this.deps.localNow();
    const applied = new Map<number, { from: CardJson; shown: CardJson }>();
    const next = new Map<number, CardJson>();
    let same = source.size === this.view.size;
    for (const [id, card] of source) {
      let shown = cardAsShown(card, estimate, now);
      if (shown !== card) {
        const before = this.applied.get(id);
        if (before?.from === card) shown = before.shown;
        applied.set(id, { from: card, shown });
      }
      next.set(id, shown);
      if (same && this.view.get(id) !== shown) same = false;
    }
    this.applied = applied;
    if (!same) this.view = next;
    return this.view;
  }

  /** Aims the timer at the next announcement of `source` still to come. */
  plan(source: ReadonlyMap<number, CardJson>): void {
    this.stop();
    const estimate = this.deps.estimate();
    const now = this.deps.localNow();
    let earliest: number | null = null;
    for (const card of source.values()) {
      const from = card.nextChange ? showFromLocalMs(card.nextChange, estimate) : null;
      if (from !== null && from > now && (earliest === null || from < earliest)) earliest = from;
    }
    if (earliest === null) return;
    const wait = earliest - now;
    this.timer = this.deps.timers.setTimeout(() => {
      this.timer = null;
      if (wait <= LONGEST_WAIT_MS) this.deps.onFlip();
      this.plan(source);
    }, Math.min(Math.ceil(wait), LONGEST_WAIT_MS));
  }

  stop(): void {
    if (this.timer !== null) this.deps.timers.clearTimeout(this.timer);
    this.timer = null;
  }
}
