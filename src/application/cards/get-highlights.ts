// Highlights above the grid: up to N sales opening within 12 hours (soonest first) and up to N
// open sales at risk of selling out (fewest seats first; when none qualify, the open sales with
// the fewest seats left).

import { OPENING_SOON_WINDOW_MS, SELL_OUT_RISK } from '../../domain/card/highlights.js';
import type { Clock } from '../ports/clock.js';
import type { GetHighlightsUseCase, HighlightLimits, Highlights } from '../ports/inbound/card-queries.js';
import type { HighlightCandidates } from '../ports/outbound/highlight-candidates.js';
import type { StreamHead } from '../ports/outbound/outbox.js';
import type { CurrentRealtimeSettings } from '../settings/current-realtime-settings.js';
import { currentCards } from '../../domain/card/card-state.js';

export class GetHighlights implements GetHighlightsUseCase {
  constructor(
    private readonly candidates: HighlightCandidates,
    private readonly head: StreamHead,
    private readonly settings: CurrentRealtimeSettings,
    private readonly clock: Clock,
  ) {}

  async execute(limits: HighlightLimits): Promise<Highlights> {
    const [{ seq, epoch }, settings] = await Promise.all([this.head.position(), this.settings.get()]);
    const now = this.clock.now();
    const [soon, risky] = await Promise.all([
      this.candidates.openingBetween(now, now + OPENING_SOON_WINDOW_MS, limits.openingSoonLimit),
      this.candidates.sellOutRisk({ openAt: now, threshold: SELL_OUT_RISK, limit: limits.sellOutRiskLimit }),
    ]);
    const atRisk = risky.length > 0 ? risky : await this.candidates.sellOutRisk({ openAt: now, threshold: null, limit: limits.sellOutRiskLimit });
    return { openingSoon: currentCards(soon, now), sellOutRisk: currentCards(atRisk, now), serverNowEpochMs: now, settings, seq, epoch };
  }
}
