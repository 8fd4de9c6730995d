// The reserve dialog: pick 1..10 seats, then Confirm. Nothing is booked until Confirm is pressed,
// and Confirm is disabled while a request is in flight so one click is one reservation. A refusal
// (409: not open, or too few seats left) is shown with the server's reason.

import type { CardJson } from 'live-cards-client';
import type { PageApi } from './api.js';
import { el, setText } from './dom.js';

export const MAX_SEATS_PER_RESERVATION = 10;

export class ReserveDialog {
  readonly element: HTMLDialogElement;
  private readonly heading = el('h2', { class: 'dialog__title', id: 'reserve-title' });
  private readonly subtitle = el('p', { class: 'dialog__subtitle' });
  private readonly quantity: HTMLSelectElement;
  private readonly message = el('p', { class: 'dialog__message', 'data-testid': 'reserve-message', role: 'alert' });
  private readonly confirm = el('button', { type: 'submit', class: 'btn btn--primary', 'data-testid': 'reserve-confirm' }, 'Confirm');
  private readonly cancel = el('button', { type: 'button', class: 'btn btn--ghost', 'data-testid': 'reserve-cancel' }, 'Cancel');
  private card: CardJson | null = null;

  constructor(
    private readonly api: PageApi,
    private readonly onReserved: (card: CardJson, quantity: number) => void,
  ) {
    this.quantity = el('select', { id: 'reserve-quantity', 'data-testid': 'reserve-quantity' });
    for (let n = 1; n <= MAX_SEATS_PER_RESERVATION; n += 1) this.quantity.append(el('option', { value: n }, String(n)));
    const form = el(
      'form',
      { method: 'dialog', class: 'dialog__form' },
      this.heading,
      this.subtitle,
      el('label', { for: 'reserve-quantity', class: 'dialog__label' }, 'Seats'),
      this.quantity,
      this.message,
      el('div', { class: 'dialog__actions' }, this.cancel, this.confirm),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.submit();
    });
    this.cancel.addEventListener('click', () => this.element.close());
    this.element = el('dialog', { class: 'dialog', 'data-testid': 'reserve-dialog', 'aria-labelledby': 'reserve-title' }, form);
  }

  open(card: CardJson): void {
    this.card = card;
    setText(this.heading, `Reserve — ${card.title}`);
    setText(this.subtitle, `${card.artistDisplayName ?? card.artistName} · ${card.availableSeatCount.toLocaleString()} seats left`);
    this.quantity.value = '1';
    this.quantity.disabled = false;
    this.confirm.disabled = false;
    this.showMessage('', 'none');
    if (!this.element.open) this.element.showModal();
    this.quantity.focus();
  }

  private async submit(): Promise<void> {
    const card = this.card;
    if (card === null || this.confirm.disabled) return;
    const quantity = Number(this.quantity.value);
    this.confirm.disabled = true;
    this.quantity.disabled = true;
    this.showMessage('Reserving…', 'pending');
    const outcome = await this.api.reserve(card.id, quantity);
    if (outcome.ok) {
      this.showMessage(`Reserved ${quantity} seat${quantity === 1 ? '' : 's'}.`, 'ok');
      this.onReserved(outcome.card, quantity);
      globalThis.setTimeout(() => this.element.close(), 1_200);
      return;
    }
    this.showMessage(`Not reserved — ${outcome.message}`, 'error');
    this.element.dataset.errorCode = outcome.code;
    this.confirm.disabled = false;
    this.quantity.disabled = false;
  }

  private showMessage(text: string, kind: 'none' | 'pending' | 'ok' | 'error'): void {
    setText(this.message, text);
    this.message.dataset.kind = kind;
    if (kind !== 'error') delete this.element.dataset.errorCode;
  }
}
