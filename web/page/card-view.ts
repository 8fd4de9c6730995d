// One service card on screen. Everything it shows comes from the server's card (status, button,
// seats); only the countdown digits move between server updates, driven by the page's
// server-second ticker. Stable data-testid attributes let the browser tests find each part.

import { type CardJson, countdownAt } from 'live-cards-client';
import { el, setText } from './dom.js';
import { isCountingDown, statusBadge, statusClass } from './status-text.js';

const OPENS_AT = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });

export class CardView {
  readonly element: HTMLElement;
  private card: CardJson;
  private readonly badge = el('span', { class: 'badge' });
  private readonly genre = el('span', { class: 'card__genre' });
  private readonly title = el('h3', { class: 'card__title' });
  private readonly artist = el('p', { class: 'card__artist' });
  private readonly agency = el('p', { class: 'card__agency' });
  private readonly opensAt = el('time', { class: 'card__opens-at' });
  private readonly countdownLabel = el('dt', {});
  private readonly countdown: HTMLElement;
  private readonly seatsText = el('span', { class: 'seats__count' });
  private readonly seatsFill = el('span', { class: 'seats__fill' });
  private readonly seatsBar: HTMLElement;
  private readonly button: HTMLButtonElement;
  private readonly media = el('div', { class: 'card__media', 'aria-hidden': 'true' });

  constructor(card: CardJson, onReserve: (card: CardJson) => void) {
    this.card = card;
    this.countdown = el('dd', { class: 'countdown', 'data-testid': `countdown-${card.id}` });
    this.seatsBar = el('div', { class: 'seats__bar', role: 'progressbar', 'aria-valuemin': 0, 'aria-valuemax': 100 }, this.seatsFill);
    this.button = el('button', { type: 'button', class: 'btn btn--primary', 'data-testid': `reserve-${card.id}` });
    this.button.addEventListener('click', () => onReserve(this.card));
    this.element = el(
      'article',
      { class: 'card', 'data-testid': `card-${card.id}`, 'aria-labelledby': `card-title-${card.id}` },
      this.media,
      el(
        'div',
        { class: 'card__body' },
        el('div', { class: 'card__meta' }, this.badge, this.genre),
        this.title,
        this.artist,
        this.agency,
        el(
          'dl',
          { class: 'card__facts' },
          el('div', {}, el('dt', {}, 'Sale opens'), el('dd', {}, this.opensAt)),
          el('div', {}, this.countdownLabel, this.countdown),
        ),
        el('div', { class: 'seats' }, el('div', { class: 'seats__label' }, el('span', {}, 'Seats left'), this.seatsText), this.seatsBar),
        el('div', { class: 'card__actions' }, this.button),
      ),
    );
    this.title.id = `card-title-${card.id}`;
    this.update(card);
  }

  get id(): number {
    return this.card.id;
  }

  current(): CardJson {
    return this.card;
  }

  update(card: CardJson): void {
    this.card = card;
    const root = this.element;
    root.dataset.status = card.saleStatus;
    root.dataset.version = String(card.version);
    root.className = `card ${statusClass(card.saleStatus)}`;
    setText(this.badge, statusBadge(card.saleStatus));
    setText(this.genre, card.artistGenre ?? '');
    setText(this.title, card.title);
    setText(this.artist, card.artistDisplayName ?? card.artistName);
    setText(this.agency, card.entertainmentName ?? 'Independent');
    this.renderMedia(card);

    if (card.saleOpensAt === null) {
      setText(this.opensAt, 'To be announced');
      this.opensAt.removeAttribute('datetime');
    } else {
      setText(this.opensAt, OPENS_AT.format(new Date(card.saleOpensAt)));
      this.opensAt.setAttribute('datetime', card.saleOpensAt);
    }
    setText(this.countdownLabel, isCountingDown(card.saleStatus) || card.saleStatus === 'UNSCHEDULED' ? 'Opens in' : 'Sale');

    this.renderSeats(card);
    this.button.hidden = !card.reservationButtonVisible;
    this.button.disabled = !card.reservationButtonEnabled;
    setText(this.button, card.saleStatus === 'SOLD_OUT' ? 'Sold out' : card.reservationButtonEnabled ? 'Reserve' : 'Unavailable');
  }

  /** Show the countdown as of the whole server second `serverSecondMs`. */
  tick(serverSecondMs: number): void {
    setText(this.countdown, this.countdownText(serverSecondMs));
  }

  /** Digits while the server says the sale is ahead (00:00:00 until its OPEN arrives), words after. */
  private countdownText(serverSecondMs: number): string {
    const { saleStatus, saleOpensAt } = this.card;
    if (saleStatus === 'OPEN') return 'Open now';
    if (saleStatus === 'SOLD_OUT') return 'Sold out';
    if (saleOpensAt === null) return '--:--:--';
    return countdownAt(Date.parse(saleOpensAt), serverSecondMs);
  }

  private renderSeats(card: CardJson): void {
    const rate = card.remainingRate;
    const percent = rate === null ? 0 : Math.round(rate * 1000) / 10;
    setText(this.seatsText, card.totalSeatCount === 0 ? 'No seats on sale' : `${card.availableSeatCount.toLocaleString()} of ${card.totalSeatCount.toLocaleString()}`);
    this.seatsFill.style.width = `${percent}%`;
    this.seatsBar.setAttribute('aria-valuenow', String(percent));
    this.seatsBar.setAttribute('aria-label', `${percent}% of seats left`);
    this.seatsBar.dataset.level = rate === null || rate === 0 ? 'none' : rate <= 0.18 || card.availableSeatCount <= 30 ? 'low' : rate <= 0.5 ? 'mid' : 'high';
  }

  private renderMedia(card: CardJson): void {
    const hue = (card.id * 47) % 360;
    this.media.style.setProperty('--hue', String(hue));
    const image = this.media.querySelector('img');
    if (card.thumbnailUrl !== null) {
      if (image === null) this.media.replaceChildren(el('img', { src: card.thumbnailUrl, alt: '', loading: 'lazy', decoding: 'async' }));
      else if (image.getAttribute('src') !== card.thumbnailUrl) image.setAttribute('src', card.thumbnailUrl);
      return;
    }
    image?.remove();
    setText(this.media, initials(card.artistDisplayName ?? card.artistName));
  }
}

function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((word) => word[0]?.toUpperCase() ?? '')
    .join('');
}
