// Admin: remove a concert and announce it (CONCERT_REMOVED) in the same transaction. Its pending
// wake-up, if any, finds no card state and does nothing. The engine takes the card-state lock
// first, as for every writer, so a delete waits for a publication in flight instead of
// deadlocking with an edit (which holds that lock and then writes the concert row).

import { ConcertNotFound } from '../../domain/errors.js';
import type { DeleteConcertUseCase } from '../ports/inbound/concert-admin.js';
import type { CardPublication } from '../publication/card-publication.js';

export class DeleteConcert implements DeleteConcertUseCase {
  constructor(private readonly publication: CardPublication) {}

  async execute(concertId: number): Promise<void> {
    await this.publication.publish({
      reason: 'CONCERT_REMOVED',
      concertIds: [concertId],
      write: async ({ catalogue }) => {
        if (!(await catalogue.delete(concertId))) throw new ConcertNotFound(concertId);
        return { removedIds: [concertId] };
      },
    });
  }
}
