// One card by id, with the stream position it is current to (read before the card, so every later
// change has a higher seq).

import { ConcertNotFound } from '../../domain/errors.js';
import type { Clock } from '../ports/clock.js';
import type { CardSnapshot, GetCardUseCase } from '../ports/inbound/card-queries.js';
import type { StreamHead } from '../ports/outbound/outbox.js';
import type { StoredConcerts } from '../ports/outbound/stored-concerts.js';
import { currentCard } from '../../domain/card/card-state.js';

export class GetCard implements GetCardUseCase {
  constructor(
    private readonly concerts: StoredConcerts,
    private readonly head: StreamHead,
    private readonly clock: Clock,
  ) {}

  async execute(concertId: number): Promise<CardSnapshot> {
    const { seq, epoch } = await this.head.position();
    const [stored] = await this.concerts.findByIds([concertId]);
    if (!stored) throw new ConcertNotFound(concertId);
    const now = this.clock.now();
    return { card: currentCard(stored.concert, stored.state, now), serverNowEpochMs: now, seq, epoch };
  }
}
