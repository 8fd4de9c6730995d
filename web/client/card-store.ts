// The cards a client shows, kept by version: the highest version per card id wins, older or equal
// versions are ignored. Each entry remembers the seq that set it, and removals leave a tombstone
// with their seq, so an older event arriving late cannot bring back a removed card and a snapshot
// cannot roll back a change that arrived after it was taken.

import type { CardJson } from '../../src/contract/wire.js';

interface Entry {
  readonly card: CardJson;
  readonly seq: number;
}

export interface ApplyOutcome {
  readonly upserted: number;
  readonly stale: number;
  readonly removed: number;
}

export class CardStore {
  private entries = new Map<number, Entry>();
  private readonly tombstones = new Map<number, number>();
  private view: ReadonlyMap<number, CardJson> | null = null;

  applyEvent(seq: number, items: readonly CardJson[], removedIds: readonly number[]): ApplyOutcome {
    let upserted = 0;
    let stale = 0;
    let removed = 0;
    for (const card of items) {
      const removedAt = this.tombstones.get(card.id);
      const current = this.entries.get(card.id);
      if ((removedAt !== undefined && removedAt >= seq) || (current && current.card.version >= card.version)) {
        stale += 1;
        continue;
      }
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
    return { upserted, stale, removed };
  }

  /**
   * Replaces the cards with a snapshot taken at `seq`, keeping what events after `seq` already
   * taught us (a higher card version, a removal).
   */
  applySnapshot(seq: number, items: readonly CardJson[]): void {
    const next = new Map<number, Entry>();
    for (const [id, entry] of this.entries) if (entry.seq > seq) next.set(id, entry);
    for (const card of items) {
      const removedAt = this.tombstones.get(card.id);
      if (removedAt !== undefined && removedAt > seq) continue;
      const later = next.get(card.id);
      if (later && later.card.version >= card.version) continue;
      const current = this.entries.get(card.id);
      next.set(card.id, current && current.card.version > card.version ? current : { card, seq });
    }
    for (const [id, removedAt] of this.tombstones) if (removedAt <= seq) this.tombstones.delete(id);
    this.entries = next;
    this.view = null;
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
