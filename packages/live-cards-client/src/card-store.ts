// The cards a client shows, kept by version: the highest version per card id wins, older versions
// are ignored. At the same version the stored card is the same and only the instant it was computed
// at differs: a snapshot taken after a time boundary, before the boundary's event is published,
// already shows the new status at the old version (DOMAIN.md "Card version"). The card showing the
// later status then wins; otherwise the held object stays, so callers can compare cards by
// identity. Each entry remembers the seq that set it, and removals leave a tombstone with their
// seq, so an older event arriving late cannot bring back a removed card and a snapshot cannot roll
// back a change that arrived after it was taken. A snapshot older than one already applied (another
// instance's cached answer) is ignored whole: it can teach nothing the newer one did not, and it
// would bring back cards removed in between, once their tombstones were pruned.

import type { CardJson, SaleStatus } from './wire.js';

/** Where each status falls on a sale's timeline; statuses with the same rank never follow each other by time alone. */
const TIME_RANK: Readonly<Record<SaleStatus, number>> = {
  UNSCHEDULED: 0,
  PREOPEN: 1,
  OPEN_SOON_1H: 2,
  OPEN_SOON_5M: 3,
  OPEN: 4,
  SOLD_OUT: 4,
};

/** The card to hold of `held` and `incoming`: the higher version, or at the same version the later status, else `held`. */
function newer(held: CardJson, incoming: CardJson): CardJson {
  if (incoming.version !== held.version) return incoming.version > held.version ? incoming : held;
  return TIME_RANK[incoming.saleStatus] > TIME_RANK[held.saleStatus] ? incoming : held;
}

interface Entry {
  readonly card: CardJson;
  readonly seq: number;
}

export interface ApplyOutcome {
  readonly upserted: number;
  readonly stale: number;
  readonly removed: number;
  /** When a card's version jumped by more than one (a change of it was missed): the seq that set the held one. */
  readonly missedAfterSeq: number | null;
}

export class CardStore {
  private entries = new Map<number, Entry>();
  private readonly tombstones = new Map<number, number>();
  /** The seq of the newest snapshot applied: tombstones up to it are pruned, so no older snapshot may be. */
  private snapshotSeq = -1;
  private view: ReadonlyMap<number, CardJson> | null = null;

  applyEvent(seq: number, items: readonly CardJson[], removedIds: readonly number[]): ApplyOutcome {
    let upserted = 0;
    let stale = 0;
    let removed = 0;
    let missedAfterSeq: number | null = null;
    for (const card of items) {
      const removedAt = this.tombstones.get(card.id);
      const current = this.entries.get(card.id);
      if ((removedAt !== undefined && removedAt >= seq) || (current && newer(current.card, card) === current.card)) {
        stale += 1;
        continue;
      }
      if (current && card.version > current.card.version + 1) missedAfterSeq = Math.min(missedAfterSeq ?? current.seq, current.seq);
      this.entries.set(card.id, { card, seq });
      upserted += 1;
    }
    for (const id of removedIds) {
      const current = this.entries.get(id);
      if (current && current.seq > seq) continue;
      if (this.entries.delete(id)) removed += 1;
      this.tombstones.set(id, Math.max(seq, this.tombstones.get(id) ?? 0));
    }
    if (upserted + removed > 0) this.view = null;
    return { upserted, stale, removed, missedAfterSeq };
  }

  /**
   * Replaces the cards with a snapshot taken at `seq`, keeping what events after `seq` already
   * taught us (a higher card version, a removal) and the held object of every card the snapshot
   * does not move on. Returns false, changing nothing, for a snapshot older than one applied.
   */
  applySnapshot(seq: number, items: readonly CardJson[]): boolean {
    if (seq < this.snapshotSeq) return false;
    this.snapshotSeq = seq;
    const next = new Map<number, Entry>();
    for (const [id, entry] of this.entries) if (entry.seq > seq) next.set(id, entry);
    for (const card of items) {
      const removedAt = this.tombstones.get(card.id);
      if (removedAt !== undefined && removedAt > seq) continue;
      const held = next.get(card.id) ?? this.entries.get(card.id);
      const kept = held === undefined ? card : newer(held.card, card);
      next.set(card.id, { card: kept, seq: Math.max(seq, held?.card === kept ? held.seq : 0) });
    }
    for (const [id, removedAt] of this.tombstones) if (removedAt <= seq) this.tombstones.delete(id);
    this.entries = next;
    this.view = null;
    return true;
  }

  get(id: number): CardJson | undefined {
    return this.entries.get(id)?.card;
  }

  /** The cards by id; a new map only after something changed, so callers may compare by identity. */
  all(): ReadonlyMap<number, CardJson> {
    if (!this.view) this.view = new Map([...this.entries].map(([id, entry]) => [id, entry.card]));
    return this.view;
  }
}
