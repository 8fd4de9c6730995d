// The grid of the current view: one CardView per card, in the order given (the server's order for
// the view's sort), created, updated or removed to match what the live view holds. It tells the
// announcer when a card on screen changes status, and marks which view it shows (`data-view`, the
// page's query string) once that view's first answer is on screen, with `aria-busy` while a new
// view is being read.

import { type CardJson, type SaleStatus } from 'live-cards-client';
import type { Announcer } from './announcer.js';
import { CardView } from './card-view.js';
import { el, setText } from './dom.js';
import { statusAnnouncement } from './status-text.js';

export class CardGrid {
  readonly element = el('div', { class: 'grid', 'data-testid': 'grid' });
  readonly empty = el('p', { class: 'grid__empty', hidden: true, 'data-testid': 'grid-empty' });
  private readonly views = new Map<number, CardView>();
  private lastSecond: number | null = null;
  /** The view whose cards are on screen; status changes are announced only within one view. */
  private shownView: string | null = null;

  constructor(
    private readonly announcer: Announcer,
    private readonly onReserve: (card: CardJson) => void,
  ) {}

  /** Marks the grid as reading a new view (the cards of the previous one stay until it answers). */
  busy(): void {
    this.element.setAttribute('aria-busy', 'true');
    if (this.shownView === null) {
      this.empty.hidden = false;
      setText(this.empty, 'Loading concerts…');
    }
  }

  /** Brings the grid in line with `cards`, the view `view`'s answer; true when something visible changed. */
  show(cards: readonly CardJson[], view: string, emptyText: string): boolean {
    const sameView = view === this.shownView;
    let changed = false;
    const announce: string[] = [];
    for (const card of cards) {
      const shown = this.views.get(card.id);
      if (shown === undefined) {
        this.views.set(card.id, new CardView(card, this.onReserve));
        changed = true;
        continue;
      }
      if (shown.current() === card) continue;
      const before: SaleStatus = shown.current().saleStatus;
      shown.update(card);
      changed = true;
      if (before !== card.saleStatus) announce.push(statusAnnouncement(card.title, card.saleStatus));
    }
    const ids = new Set(cards.map((card) => card.id));
    for (const [id, shown] of this.views) {
      if (ids.has(id)) continue;
      shown.element.remove();
      this.views.delete(id);
      changed = true;
    }
    const order = cards.map((card) => this.views.get(card.id)!.element);
    if (changed || order.some((element, index) => this.element.children[index] !== element)) {
      this.element.replaceChildren(...order);
      for (const card of cards) this.views.get(card.id)!.element.id = `card-${card.id}`;
      if (this.lastSecond !== null) for (const shown of this.views.values()) shown.tick(this.lastSecond);
      changed = true;
    }
    if (sameView) for (const message of announce) this.announcer.announce(message);
    this.shownView = view;
    this.element.dataset.view = view;
    this.element.dataset.count = String(cards.length);
    this.element.removeAttribute('aria-busy');
    this.empty.hidden = cards.length > 0;
    setText(this.empty, emptyText);
    return changed;
  }

  tick(second: number): void {
    this.lastSecond = second;
    for (const shown of this.views.values()) shown.tick(second);
  }
}
