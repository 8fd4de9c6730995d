// Which cards a query's view shows, and in which order. The snapshot answers the query (keyword,
// filters, sort, page); the live stream carries every change of every concert, so a refresh may
// hold cards the query does not match, or change which cards it matches. The server decides
// membership: this never restates its search, it only tells when an event can have changed the
// answer, and then the view re-reads its snapshot.
//
// - A status change or a seat change never moves a card in or out of a view (no filter or sort is on
//   status or seats): members are updated, the others ignored.
// - A created or edited concert (CONCERT_UPDATED), or a removed one, can: the view re-reads, unless it
//   is the whole catalogue unfiltered and sorted by id with room on its page, where the answer is
//   known (the card goes in by id; a removed one goes out).

import type { CardJson, RefreshEvent, SearchResponse } from './wire.js';

export type ViewQuery = Readonly<Record<string, string | number>>;

const FILTERS = ['keyword', 'artistName', 'entertainmentName'] as const;

export class ViewMembership {
  private members: number[] = [];
  private memberSet = new Set<number>();
  private complete = false;
  private readonly filtered: boolean;
  private readonly byId: 'asc' | 'desc' | null;
  private readonly pageSize: number;

  constructor(query: ViewQuery = {}) {
    this.filtered = FILTERS.some((name) => String(query[name] ?? '').trim() !== '');
    const [field = 'id', direction = 'asc'] = String(query.sort ?? '').split(',');
    this.byId = (field || 'id') === 'id' ? (direction === 'desc' ? 'desc' : 'asc') : null;
    this.pageSize = Number(query.size ?? 20);
  }

  /** The snapshot answered the query: its items are the view, in its order. */
  snapshot(response: Pick<SearchResponse, 'items' | 'page' | 'hasNext'>): void {
    this.members = response.items.map((card) => card.id);
    this.memberSet = new Set(this.members);
    this.complete = response.page === 0 && !response.hasNext;
  }

  /** Applies what `event` tells about membership; true when only a new snapshot can say. */
  refresh(event: Pick<RefreshEvent, 'reason' | 'items' | 'removedIds'>): boolean {
    const knownAnswer = this.complete && !this.filtered && this.byId !== null;
    let reread = false;
    for (const id of event.removedIds) {
      if (!this.memberSet.has(id)) continue;
      this.memberSet.delete(id);
      this.members = this.members.filter((member) => member !== id);
      // On a page of a larger answer, the next card moves up into the gap.
      if (!this.complete) reread = true;
    }
    if (event.reason !== 'CONCERT_UPDATED') return reread;
    for (const card of event.items) {
      if (this.memberSet.has(card.id)) {
        // An edit may change what a filter or a sort other than by id looks at.
        if (!knownAnswer) reread = true;
        continue;
      }
      if (knownAnswer && this.members.length < this.pageSize) this.insertById(card.id);
      else reread = true;
    }
    return reread;
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

  private insertById(id: number): void {
    const after = (member: number) => (this.byId === 'desc' ? member < id : member > id);
    const at = this.members.findIndex(after);
    this.members = at === -1 ? [...this.members, id] : [...this.members.slice(0, at), id, ...this.members.slice(at)];
    this.memberSet.add(id);
  }
}
