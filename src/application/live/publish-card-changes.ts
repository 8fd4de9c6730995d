// The one path every visible change takes (time boundary, inventory, admin edit): recompute the
// cards, compare-and-set each card state, append one outbox row for what really changed, commit,
// then emit and ask the scheduler for the cards' next boundaries. Two instances racing on the same
// change: one wins the compare-and-set, the other records nothing.

import { buildCard, type ConcertCard } from '../../domain/card/card.js';
import { compareWithPublished, needsPublication, publishedStateOf } from '../../domain/card/card-state.js';
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
    const now = this.clock.now();
    const recorded = await this.unitOfWork.transaction(async (stores) => {
      const items = await this.advanceChangedCards(stores, concertIds, reason, now);
      if (items.length === 0) return null;
      return stores.outbox.append({ reason, items, removedIds: [], boundaryAt }, now);
    });
    if (recorded) await this.afterCommit(recorded);
    return recorded;
  }

  /** Emits a committed change and schedules the next boundaries of its cards. */
  async afterCommit(recorded: RecordedLiveChange): Promise<void> {
    await this.emitter.emit(recorded);
    await this.scheduleNextBoundaries(recorded.items);
  }

  async scheduleNextBoundaries(cards: readonly ConcertCard[]): Promise<void> {
    const now = this.clock.now();
    const instants = new Set<number>();
    for (const card of cards) {
      const next = nextTimeBoundary(card.saleOpensAt === null ? null : Date.parse(card.saleOpensAt), now);
      if (next !== null) instants.add(next);
    }
    for (const instant of instants) {
      try {
        await this.scheduler.wakeAt(instant);
      } catch (error) {
        // The boundary is stored with the card state; the reconcile job publishes it if no wake-up comes.
        this.observer.failed('schedule', error);
      }
    }
  }

  private async advanceChangedCards(stores: TransactionalStores, concertIds: readonly number[], reason: LiveEventReason, now: number): Promise<ConcertCard[]> {
    const items: ConcertCard[] = [];
    for (const { concert, state } of await stores.concerts.findByIds(concertIds)) {
      const card = buildCard(concert, state.version + 1, now);
      const nextBoundaryAt = nextTimeBoundary(concert.generalSaleStartAt, now);
      if (!needsPublication(compareWithPublished(state, card), false)) {
        if (state.nextBoundaryAt !== nextBoundaryAt) {
          // Nothing visible changed, but the stored boundary is behind: move it without a new version.
          await stores.cardStates.compareAndSet(state.version, { ...state, nextBoundaryAt });
        }
        continue;
      }
      if (await stores.cardStates.compareAndSet(state.version, publishedStateOf(card, nextBoundaryAt))) {
        items.push(card);
      } else {
        this.observer.casMissed(concert.id, reason);
      }
    }
    return items;
  }
}
