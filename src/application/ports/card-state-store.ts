// Per-concert card state: what was last published, its version, and the next time boundary.
// Changes are compare-and-set on `version`, so two instances racing on one change publish once.

import type { PublishedCardState } from '../../domain/card/card-state.js';

export interface CardStateStore {
  create(state: PublishedCardState): Promise<void>;
  /**
   * Inside a transaction: locks the card states of these concerts, in id order, until it ends. Every
   * publication takes this lock before it reads, so two publications of one card take turns and the
   * second reads what the first committed (a compare-and-set miss would drop its change). Read the
   * concerts after this call, in a new statement, to see the latest committed rows.
   */
  lock(concertIds: readonly number[]): Promise<void>;
  /**
   * Replaces the state with `next` (whose `version` the caller chose) only if the stored version is
   * still `expectedVersion`. Returns false (a miss) when another writer got there first.
   */
  compareAndSet(expectedVersion: number, next: PublishedCardState): Promise<boolean>;
  /** Concerts whose next boundary is at or before `instant`, oldest boundary first. */
  findBoundaryDue(instant: number, limit: number): Promise<number[]>;
  /** Concerts whose seats differ from the published seats and were last touched before `instant`. */
  findInventoryDrift(instant: number, limit: number): Promise<number[]>;
}
