// Which cards a query's view shows, and in which order. The snapshot answers the query (keyword,
// filters, saleStatus, sort, page); the server decides membership, and this never restates its
// search: it only tells when the answer may have changed, and then the view re-reads its page.
//
// The view's socket watches only the view's cards, so what can move the answer arrives as a
// catalogue notice (CONTRACT.md "Socket.IO", `CATALOGUE_CHANGED`) naming what changed:
// - created: any view may gain the new concert;
// - removed: a member goes; on a page of a larger answer the next card moves up into the gap;
// - title, artistName, entertainmentName: a view filtered by text, or sorted by that field;
// - saleOpensAt: a view sorted by it, or filtered by status (the status follows the sale start);
// - saleStatus: a view filtered by status.
// A member's own event that removes it drops it at once.

import type { CardJson, RefreshEvent, SearchResponse } from './wire.js';

export type ViewQuery = Readonly<Record<string, string | number>>;

const TEXT_FILTERS = ['keyword', 'artistName', 'entertainmentName'] as const;

const given = (query: ViewQuery, name: string): boolean => String(query[name] ?? '').trim() !== '';

export class ViewMembership {
  private members: number[] = [];
  private memberSet = new Set<number>();
  private complete = false;
  private readonly textFiltered: boolean;
  private readonly statusFiltered: boolean;
  private readonly sortField: string;

  constructor(query: ViewQuery = {}) {
    this.textFiltered = TEXT_FILTERS.some((name) => given(query, name));
    this.statusFiltered = given(query, 'saleStatus');
    this.sortField = String(query.sort ?? '').split(',')[0] || 'id';
  }

  /** The snapshot answered the query: its items are the view, in its order. */
  snapshot(response: Pick<SearchResponse, 'items' | 'page' | 'hasNext'>): void {
    this.members = response.items.map((card) => card.id);
    this.memberSet = new Set(this.members);
    this.complete = response.page === 0 && !response.hasNext;
  }

  /** Applies what `event` tells about membership; true when only a new snapshot can say. */
  refresh(event: Pick<RefreshEvent, 'reason' | 'removedIds' | 'changedIds' | 'changedFields'>): boolean {
    if (event.reason === 'CATALOGUE_CHANGED') return this.mayMove(event.changedIds, new Set(event.changedFields));
    for (const id of event.removedIds) this.drop(id);
    return false;
  }

  /** The view's card ids, in the order to show them. */
  ids(): readonly number[] {
    return this.members;
  }

  /** The view's cards from the client's cards by id (a member the client no longer holds is left out). */
  cardsFrom(cards: ReadonlyMap<number, CardJson>): CardJson[] {
    const shown: CardJson[] = [];
    for (const id of this.members) {
      const card = cards.get(id);
      if (card !== undefined) shown.push(card);
    }
    return shown;
  }

  private mayMove(ids: readonly number[], fields: ReadonlySet<string>): boolean {
    let moved = fields.has('created');
    if (fields.has('removed')) {
      const members = ids.filter((id) => this.memberSet.has(id));
      for (const id of members) this.drop(id);
      if (!this.complete) moved = true;
    }
    for (const field of ['title', 'artistName', 'entertainmentName'] as const) {
      if (fields.has(field) && (this.textFiltered || this.sortField === field)) moved = true;
    }
    if (fields.has('saleOpensAt') && (this.sortField === 'saleOpensAt' || this.statusFiltered)) moved = true;
    if (fields.has('saleStatus') && this.statusFiltered) moved = true;
    return moved;
  }

  private drop(id: number): void {
    if (!this.memberSet.delete(id)) return;
    this.members = this.members.filter((member) => member !== id);
  }
}
