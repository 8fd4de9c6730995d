// Inside a publication's transaction: what was last published per card, locked while it changes.

import type { PublishedCardState } from '../../../domain/card/card-state.js';

export interface PublishedCardStates {
  /**
   * Locks the card states of these concerts, in id order, until the transaction ends. Every
   * publication takes this lock before it reads, so two publications of one card take turns and
   * the second reads what the first committed. Read the concerts after this call.
   */
  lock(concertIds: readonly number[]): Promise<void>;
  create(state: PublishedCardState): Promise<void>;
  /**
   * Replaces the state with `next` (whose `version` the caller chose) only if the stored version is
   * still `expectedVersion`. Returns false (a miss) when another writer got there first.
   */
  compareAndSet(expectedVersion: number, next: PublishedCardState): Promise<boolean>;
}
