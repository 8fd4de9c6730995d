// The publication engine: the one path every visible change takes, from "these concerts may have
// changed" to "committed with a stream seq, and emitted after commit". In one transaction it
//   1. locks the published card states of the concerts involved (id order),
//   2. reads the clock and the concerts (after the lock, so a publication that waited never
//      computes a card from before a change the other one published),
//   3. applies the caller's write, if any (an admin edit, a creation, a removal, a mode switch),
//   4. computes each card at `now` (card-runtime), compare-and-sets its published state at the next
//      version when it must be published, and moves its stored next boundary,
//   5. appends one outbox row for what was published (its id is the seq),
// then, after commit, hands the row to LiveDelivery (emit, mark sent, wake-ups at the stored
// boundaries). Two instances racing on one change take turns on the lock: the first publishes,
// the second reads what it committed and records nothing.
//
// Without a write, a card is published when its status or seats differ from what was last
// published (a boundary, a seat change, a lost flush). With a write, exactly what the write
// reports is published: edited concerts at their next version whatever their status does. Each
// recorded change also says what it did to the catalogue (created, removed, a searchable, sortable
// or status field moved), for the catalogue notices views built from a query listen to.

import type { ConcertCard } from '../../domain/card/card.js';
import { CatalogueChanges, editedCatalogueFields } from '../../domain/card/catalogue-change.js';
import { compareWithPublished, currentCard, firstCard, needsPublication, nextCard, publishedStateOf, type PublishedCardState } from '../../domain/card/card-state.js';
import type { Concert } from '../../domain/card/concert.js';
import { nextTimeBoundary } from '../../domain/card/time-boundary.js';
import type { LiveEventReason } from '../../domain/realtime/realtime-mode.js';
import type { Clock } from '../ports/clock.js';
import type { CardsDue } from '../ports/outbound/cards-due.js';
import type { RecordedLiveChange } from '../ports/outbound/outbox.js';
import type { PublicationObserver } from '../ports/outbound/publication-observer.js';
import type { EditingStores, PublicationStores, PublicationTransactions } from '../ports/outbound/publication-transactions.js';
import type { StoredConcert } from '../ports/outbound/stored-concerts.js';
import type { LiveDelivery } from './live-delivery.js';

export interface PublicationRequest {
  readonly reason: LiveEventReason;
  /** Concerts whose card states are locked before anything is read. */
  readonly concertIds: readonly number[];
  /** For time transitions: the boundary instant being served (lag measurement). */
  readonly boundaryAt?: number | null;
  /** A change made under the lock at `now`, given the locked concerts as they are. */
  readonly write?: (stores: EditingStores, locked: { readonly now: number; readonly stored: readonly StoredConcert[] }) => Promise<Written>;
}

/** What a write changed, and so what is published. */
export interface Written {
  /** Concerts whose content changed (each among the locked ones): published at their next version. */
  readonly edited?: readonly Concert[];
  /** Concerts just inserted: their card state starts at the first version. */
  readonly created?: readonly Concert[];
  readonly removedIds?: readonly number[];
  /** Record the event even though no card is in it (a realtime-mode switch). */
  readonly announce?: boolean;
}

export interface Published {
  /** The committed change, or null when nothing needed publishing. */
  readonly change: RecordedLiveChange | null;
  /** The card of each concert involved as it now stands, published or not: locked ones in id order, then created ones. */
  readonly cards: readonly ConcertCard[];
}

export const DUE_BATCH_SIZE = 500;

interface Plan {
  readonly items: ConcertCard[];
  readonly cards: ConcertCard[];
  readonly wakeAt: number[];
  readonly catalogue: CatalogueChanges;
}

const emptyPlan = (): Plan => ({ items: [], cards: [], wakeAt: [], catalogue: new CatalogueChanges() });

export class CardPublication {
  constructor(
    private readonly transactions: PublicationTransactions,
    private readonly delivery: Pick<LiveDelivery, 'afterCommit'>,
    private readonly cardsDue: CardsDue,
    private readonly clock: Clock,
    private readonly observer: PublicationObserver,
  ) {}

  async publish(request: PublicationRequest): Promise<Published> {
    const { change, cards, wakeAt } = await this.transactions.run(async (stores) => {
      await stores.cardStates.lock(request.concertIds);
      const now = this.clock.now();
      const stored = await stores.concerts.findByIds(request.concertIds);
      const written = request.write ? await request.write(stores, { now, stored }) : null;
      const plan = written ? await this.applyWrite(stores, stored, written, now) : await this.recompute(stores, stored, request.reason, now);
      const removedIds = written?.removedIds ?? [];
      for (const id of removedIds) plan.catalogue.add(id, ['removed']);
      const change = { reason: request.reason, items: plan.items, removedIds, boundaryAt: request.boundaryAt ?? null, catalogue: plan.catalogue.result() };
      const recorded = plan.items.length > 0 || removedIds.length > 0 || written?.announce === true ? await stores.outbox.append(change, now) : null;
      return { change: recorded, cards: plan.cards, wakeAt: plan.wakeAt };
    });
    await this.delivery.afterCommit(change, wakeAt);
    return { change, cards };
  }

  /** Publishes every card whose stored boundary is at or before `dueBy`; returns how many changed. */
  async publishDueBoundaries(dueBy: number, boundaryAt: number | null): Promise<number> {
    let published = 0;
    for (;;) {
      const ids = await this.cardsDue.boundaryDue(dueBy, DUE_BATCH_SIZE);
      if (ids.length === 0) return published;
      const { change } = await this.publish({ reason: 'SALE_STATUS_TRANSITION', concertIds: ids, boundaryAt });
      published += change?.items.length ?? 0;
      if (ids.length < DUE_BATCH_SIZE) return published;
    }
  }

  /** Cards whose status or seats moved since their last publication; boundaries that fell behind. */
  private async recompute(stores: PublicationStores, stored: readonly StoredConcert[], reason: LiveEventReason, now: number): Promise<Plan> {
    const plan = emptyPlan();
    for (const { concert, state } of stored) {
      const card = nextCard(concert, state, now);
      const nextBoundaryAt = nextTimeBoundary(concert.generalSaleStartAt, now);
      if (needsPublication(compareWithPublished(state, card), false)) {
        await storeLocked(stores, state.version, publishedStateOf(card, nextBoundaryAt));
        plan.items.push(card);
        plan.cards.push(card);
        plan.catalogue.statusMoved(card.id, state.publishedStatus, card.saleStatus);
      } else {
        plan.cards.push(currentCard(concert, state, now));
        if (state.nextBoundaryAt === nextBoundaryAt) {
          this.observer.duplicateSuppressed(concert.id, reason);
          continue;
        }
        // Nothing visible changed, but the stored boundary is behind: move it without a new version.
        await storeLocked(stores, state.version, { ...state, nextBoundaryAt });
      }
      if (nextBoundaryAt !== null) plan.wakeAt.push(nextBoundaryAt);
    }
    return plan;
  }

  private async applyWrite(stores: PublicationStores, stored: readonly StoredConcert[], written: Written, now: number): Promise<Plan> {
    const plan = emptyPlan();
    const edited = new Map((written.edited ?? []).map((concert) => [concert.id, concert]));
    const removed = new Set(written.removedIds ?? []);
    for (const { concert: before, state } of stored) {
      if (removed.has(before.id)) continue;
      const concert = edited.get(before.id);
      if (!concert) {
        plan.cards.push(currentCard(before, state, now));
        continue;
      }
      edited.delete(before.id);
      const card = nextCard(concert, state, now);
      const nextBoundaryAt = nextTimeBoundary(concert.generalSaleStartAt, now);
      await storeLocked(stores, state.version, publishedStateOf(card, nextBoundaryAt));
      this.publishing(plan, card, nextBoundaryAt);
      plan.catalogue.add(card.id, editedCatalogueFields(before, concert));
      plan.catalogue.statusMoved(card.id, state.publishedStatus, card.saleStatus);
    }
    if (edited.size > 0) throw new Error(`edited concerts ${[...edited.keys()].join(', ')} were not locked by the publication`);
    for (const concert of written.created ?? []) {
      const card = firstCard(concert, now);
      const nextBoundaryAt = nextTimeBoundary(concert.generalSaleStartAt, now);
      await stores.cardStates.create(publishedStateOf(card, nextBoundaryAt));
      this.publishing(plan, card, nextBoundaryAt);
      plan.catalogue.add(card.id, ['created']);
    }
    return plan;
  }

  private publishing(plan: Plan, card: ConcertCard, nextBoundaryAt: number | null): void {
    plan.items.push(card);
    plan.cards.push(card);
    if (nextBoundaryAt !== null) plan.wakeAt.push(nextBoundaryAt);
  }
}

/** The one card a publication about one concert produced (creation, edit). */
export function onlyCard(published: Published): ConcertCard {
  const [card, ...more] = published.cards;
  if (!card || more.length > 0) throw new Error(`expected one card, the publication produced ${published.cards.length}`);
  return card;
}

/**
 * Writes a card state the publication has locked. Under the lock nothing else writes it, so a
 * compare-and-set miss means a writer skipped the lock (a bug): fail the transaction.
 */
async function storeLocked(stores: PublicationStores, expectedVersion: number, next: PublishedCardState): Promise<void> {
  if (!(await stores.cardStates.compareAndSet(expectedVersion, next))) {
    throw new Error(`card state of concert ${next.concertId} changed under its lock (expected version ${expectedVersion})`);
  }
}
