// Highlights above the grid: up to N sales opening within 12 hours (soonest first) and up to N
// open sales at risk of selling out (fewest seats first; when none qualify, the open sales with
// the fewest seats left).

import type { ConcertCard } from '../../domain/card/card.js';
import { OPENING_SOON_WINDOW_MS, SELL_OUT_RISK } from '../../domain/card/highlights.js';
import type { RealtimeSettings } from '../../domain/realtime/realtime-mode.js';
import type { Clock } from '../ports/clock.js';
import type { ConcertRepository } from '../ports/concert-repository.js';
import type { LiveEventOutbox } from '../ports/live-event-outbox.js';
import type { CurrentRealtimeSettings } from '../live/current-realtime-settings.js';
import type { ConcertCardRuntimeUseCase } from './concert-card-runtime.js';

export interface Highlights {
  readonly openingSoon: ConcertCard[];
  readonly sellOutRisk: ConcertCard[];
  readonly serverNowEpochMs: number;
  readonly settings: RealtimeSettings;
  readonly seq: number;
}

export class GetHighlights {
  constructor(
    private readonly concerts: ConcertRepository,
    private readonly outbox: LiveEventOutbox,
    private readonly runtime: ConcertCardRuntimeUseCase,
    private readonly settings: CurrentRealtimeSettings,
    private readonly clock: Clock,
  ) {}

  async execute(limits: { openingSoonLimit: number; sellOutRiskLimit: number }): Promise<Highlights> {
    const [seq, settings] = await Promise.all([this.outbox.latestSeq(), this.settings.get()]);
    const now = this.clock.now();
    const [soon, risky] = await Promise.all([
      this.concerts.findOpeningBetween(now, now + OPENING_SOON_WINDOW_MS, limits.openingSoonLimit),
      this.concerts.findSellOutRisk({ openAt: now, threshold: SELL_OUT_RISK, limit: limits.sellOutRiskLimit }),
    ]);
    const atRisk = risky.length > 0 ? risky : await this.concerts.findSellOutRisk({ openAt: now, threshold: null, limit: limits.sellOutRiskLimit });
    return {
      openingSoon: this.runtime.cardsOf(soon, now),
      sellOutRisk: this.runtime.cardsOf(atRisk, now),
      serverNowEpochMs: now,
      settings,
      seq,
    };
  }
}
