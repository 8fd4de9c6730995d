// Admin: remove a concert and announce it (CONCERT_REMOVED) in the same transaction. Its pending
// wake-up, if any, finds no card state and does nothing. It takes the card-state lock first, like
// every writer, so it waits for a publication in flight instead of deadlocking with an edit (which
// holds that lock and then writes the concert row the delete would already hold).

import { ConcertNotFound } from '../../domain/errors.js';
import type { Clock } from '../ports/clock.js';
import type { UnitOfWork } from '../ports/unit-of-work.js';
import type { EmitLiveChange } from '../live/emit-live-change.js';

export class DeleteConcert {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly emitter: EmitLiveChange,
    private readonly clock: Clock,
  ) {}

  async execute(concertId: number): Promise<void> {
    const recorded = await this.unitOfWork.transaction(async (stores) => {
      await stores.cardStates.lock([concertId]);
      const now = this.clock.now();
      if (!(await stores.concerts.delete(concertId))) throw new ConcertNotFound(concertId);
      return stores.outbox.append({ reason: 'CONCERT_REMOVED', items: [], removedIds: [concertId], boundaryAt: null }, now);
    });
    await this.emitter.emit(recorded);
  }
}
