// The boundary wake-up's entry point: the scheduler calls it at a boundary instant (never before:
// the scheduling adapter keeps the instant), and every card whose stored boundary has come is
// published, including older ones still pending.

import type { CardPublication } from '../publication/card-publication.js';

export class RunDueTransitions {
  constructor(private readonly publication: Pick<CardPublication, 'publishDueBoundaries'>) {}

  /** Returns how many cards changed. */
  execute(boundaryAt: number): Promise<number> {
    return this.publication.publishDueBoundaries(boundaryAt, boundaryAt);
  }
}
