// The one path every visible change takes (time boundary, inventory, admin edit): lock the card
// states, recompute the cards at `now` (read after the lock), compare-and-set each card state,
// append one outbox row for what really changed, commit, then emit and ask the scheduler for the
// boundaries just stored. Two instances racing on the same change take turns on the lock: the
// first publishes, the second reads what it committed and records nothing. Because `now` is read
// after the lock, a publication that waited never computes a card from before a boundary the
// other one already published.

import { buildCard, type ConcertCard } from '../../domain/card/card.js';
import { compareWithPublished, needsPublication, publishedStateOf, type PublishedCardState } from '../../domain/card/card-state.js';
import { nextTimeBoundary } from '../../domain/card/time-boundary.js';
import type { LiveEventReason } from '../../domain/realtime/realtime-mode.js';
import type { Clock } from '../ports/clock.js';
import type { RecordedLiveChange } from '../ports/live-event-outbox.js';
import type { PublicationObserver } from '../ports/publication-observer.js';
import type { TransactionalStores, UnitOfWork } from '../ports/unit-of-work.js';
import type { TransitionScheduler } from '../ports/transition-scheduler.js';
import type { EmitLiveChange } from './emit-live-change.js';

export type CardChangeReason = Extract<LiveEventReason, 'SALE_STATUS_TRANSITION' | 'INVENTORY_CHANGED'>;

export class PublishCardChanges {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly emitter: EmitLiveChange,
    private readonly scheduler: TransitionScheduler,
    private readonly clock: Clock,
    private readonly observer: PublicationObserver,
  ) {}

  /**
   * Publishes the cards among `concertIds` whose status or seats differ from what was last
   * published. `boundaryAt` names the time boundary being served, for lag measurement.
   */
  async publish(concertIds: readonly number[], reason: CardChangeReason, boundaryAt: number | null = null): Promise<RecordedLiveChange | null> {
    if (concertIds.length === 0) return null;
    const { recorded, movedBoundaries } = await this.unitOfWork.transaction(async (stores) => {
      await stores.cardStates.lock(concertIds);
      const now = this.clock.now();
      const advanced = await this.advanceChangedCards(stores, concertIds, reason, now);
      const change = advanced.items.length === 0 ? null : await stores.outbox.append({ reason, items: advanced.items, removedIds: [], boundaryAt }, now);
      return { recorded: change, movedBoundaries: advanced.movedBoundaries };
    });
    if (recorded) await this.afterCommit(recorded);
    await this.wakeAt(movedBoundaries);
    return recorded;
  }

  /**
   * Emits a committed change and asks for a wake-up at each of its cards' stored next boundaries
   * (computed at `recordedAt`, the instant the cards were computed at, even if it has passed since:
   * an overdue wake-up runs at once).
   */
  async afterCommit(recorded: RecordedLiveChange): Promise<void> {
    await this.emitter.emit(recorded);
    await this.wakeAt(
      recorded.items.map((card) => nextTimeBoundary(card.saleOpensAt === null ? null : Date.parse(card.saleOpensAt), recorded.recordedAt)),
    );
  }

  private async wakeAt(boundaries: readonly (number | null)[]): Promise<void> {
    const instants = new Set(boundaries.filter((instant): instant is number => instant !== null));
    for (const instant of instants) {
      try {
        await this.scheduler.wakeAt(instant);
      } catch (error) {
        // The boundary is stored with the card state; the reconcile job publishes it if no wake-up comes.
        this.observer.failed('schedule', error);
      }
    }
  }

  /** The cards that changed (now stored at their next version), and the boundaries moved without a change. */
  private async advanceChangedCards(
    stores: TransactionalStores,
    concertIds: readonly number[],
    reason: LiveEventReason,
    now: number,
  ): Promise<{ items: ConcertCard[]; movedBoundaries: number[] }> {
    const items: ConcertCard[] = [];
    const movedBoundaries: number[] = [];
    for (const { concert, state } of await stores.concerts.findByIds(concertIds)) {
      const card = buildCard(concert, state.version + 1, now);
      const nextBoundaryAt = nextTimeBoundary(concert.generalSaleStartAt, now);
      if (!needsPublication(compareWithPublished(state, card), false)) {
        if (state.nextBoundaryAt === nextBoundaryAt) {
          this.observer.duplicateSuppressed(concert.id, reason);
          continue;
        }
        // Nothing visible changed, but the stored boundary is behind: move it without a new version.
        await storeLocked(stores, state.version, { ...state, nextBoundaryAt });
        if (nextBoundaryAt !== null) movedBoundaries.push(nextBoundaryAt);
        continue;
      }
      await storeLocked(stores, state.version, publishedStateOf(card, nextBoundaryAt));
      items.push(card);
    }
    return { items, movedBoundaries };
  }
}

/**
 * Writes a card state the caller has locked (CardStateStore.lock). Under the lock nothing else
 * writes it, so a compare-and-set miss means a writer skipped the lock (a bug): fail the transaction.
 */
export async function storeLocked(stores: TransactionalStores, expectedVersion: number, next: PublishedCardState): Promise<void> {
  if (!(await stores.cardStates.compareAndSet(expectedVersion, next))) {
    throw new Error(`card state of concert ${next.concertId} changed under its lock (expected version ${expectedVersion})`);
  }
}
