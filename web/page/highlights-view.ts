// The two highlight strips above the grid, "Opening soon" and "Sell-out risk", as the server
// ranks them (GET /api/concerts/highlights). Each entry is a compact row that links to its card.
// A highlighted card that the grid's live view also holds is shown as the view holds it (an
// announced flip applied, a seat change), so the two never disagree between highlight reads.

import { type CardJson, countdownAt, type HighlightsResponse } from 'live-cards-client';
import { el, setText } from './dom.js';
import { isCountingDown, statusBadge, statusClass } from './status-text.js';

interface Strip {
  readonly list: HTMLOListElement;
  readonly empty: string;
  readonly detail: (card: CardJson, serverSecondMs: number) => string;
}

export class HighlightsView {
  readonly element: HTMLElement;
  private readonly soon: Strip;
  private readonly risk: Strip;
  private latest: HighlightsResponse | null = null;
  private live: ReadonlyMap<number, CardJson> = new Map();
  private second = 0;

  constructor() {
    this.soon = {
      list: el('ol', { class: 'highlight__list', 'data-testid': 'highlights-opening-soon' }),
      empty: 'No sale opens in the next 12 hours.',
      detail: (card, second) => {
        if (card.saleOpensAt === null) return '';
        return isCountingDown(card.saleStatus) ? `opens in ${countdownAt(Date.parse(card.saleOpensAt), second)}` : statusBadge(card.saleStatus).toLowerCase();
      },
    };
    this.risk = {
      list: el('ol', { class: 'highlight__list', 'data-testid': 'highlights-sell-out-risk' }),
      empty: 'No sale is open right now.',
      detail: (card) => `${card.availableSeatCount.toLocaleString()} left of ${card.totalSeatCount.toLocaleString()}`,
    };
    this.element = el(
      'section',
      { class: 'highlights', 'aria-label': 'Highlights' },
      el('div', { class: 'highlight highlight--soon' }, el('h2', { class: 'highlight__title' }, 'Opening soon'), this.soon.list),
      el('div', { class: 'highlight highlight--risk' }, el('h2', { class: 'highlight__title' }, 'Sell-out risk'), this.risk.list),
    );
  }

  /** Before the first answer, or when the highlights cannot be read. */
  showPlaceholder(text: string): void {
    if (this.latest !== null) return;
    for (const strip of [this.soon, this.risk]) strip.list.replaceChildren(el('li', { class: 'highlight__empty' }, text));
  }

  show(highlights: HighlightsResponse): void {
    this.latest = highlights;
    this.render();
  }

  /** The cards the grid holds live; a highlight of one of them shows the live card when it is as new. */
  follow(cards: readonly CardJson[]): void {
    if (cards.length === this.live.size && cards.every((card) => this.live.get(card.id) === card)) return;
    this.live = new Map(cards.map((card) => [card.id, card]));
    this.render();
  }

  tick(serverSecondMs: number): void {
    this.second = serverSecondMs;
    if (this.latest === null) return;
    for (const item of this.soon.list.querySelectorAll<HTMLElement>('[data-opens-at]')) {
      const detail = item.querySelector('.highlight__detail');
      if (detail !== null) setText(detail, `opens in ${countdownAt(Number(item.dataset.opensAt), serverSecondMs)}`);
    }
  }

  private render(): void {
    if (this.latest === null) return;
    this.fill(this.soon, this.latest.openingSoon);
    this.fill(this.risk, this.latest.sellOutRisk);
  }

  private fill(strip: Strip, cards: CardJson[]): void {
    if (cards.length === 0) {
      strip.list.replaceChildren(el('li', { class: 'highlight__empty' }, strip.empty));
      return;
    }
    strip.list.replaceChildren(
      ...cards.map((highlighted) => {
        const live = this.live.get(highlighted.id);
        const card = live !== undefined && live.version >= highlighted.version ? live : highlighted;
        return el(
          'li',
          {
            class: `highlight__item ${statusClass(card.saleStatus)}`,
            'data-testid': `highlight-${card.id}`,
            'data-status': card.saleStatus,
            'data-opens-at': card.saleOpensAt === null || !isCountingDown(card.saleStatus) ? undefined : Date.parse(card.saleOpensAt),
          },
          el(
            'a',
            { href: `#card-${card.id}`, class: 'highlight__link' },
            el('span', { class: 'highlight__name' }, card.title),
            el('span', { class: 'highlight__artist' }, card.artistDisplayName ?? card.artistName),
          ),
          el('span', { class: 'badge badge--small' }, statusBadge(card.saleStatus)),
          el('span', { class: 'highlight__detail' }, strip.detail(card, this.second)),
        );
      }),
    );
  }
}
