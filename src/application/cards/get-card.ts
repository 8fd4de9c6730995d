// One card by id, with the stream position it is current to.

import type { ConcertCard } from '../../domain/card/card.js';
import { ConcertNotFound } from '../../domain/errors.js';
import type { Clock } from '../ports/clock.js';
import type { LiveEventOutbox } from '../ports/live-event-outbox.js';
import type { ConcertCardRuntimeUseCase } from './concert-card-runtime.js';

export interface CardSnapshot {
  readonly card: ConcertCard;
  readonly serverNowEpochMs: number;
  readonly seq: number;
}

export class GetCard {
  constructor(
    private readonly runtime: ConcertCardRuntimeUseCase,
    private readonly outbox: LiveEventOutbox,
    private readonly clock: Clock,
  ) {}

  async execute(concertId: number): Promise<CardSnapshot> {
    const seq = await this.outbox.latestSeq();
    const now = this.clock.now();
    const [card] = await this.runtime.resolveCards([concertId], now);
    if (!card) throw new ConcertNotFound(concertId);
    return { card, serverNowEpochMs: now, seq };
  }
}
