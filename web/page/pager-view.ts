// Paging under the grid: Previous / "Page 2 of 5" / Next, plus a one-line summary of what the view
// holds ("37 concerts"). The totals come from the view's snapshots (page-totals.ts); until the first
// one the pager waits, and it follows every later snapshot, so a view whose answer grows or shrinks
// live gains or loses pages without a reload.

import { el, setText } from './dom.js';
import type { PageTotals } from './page-totals.js';

export class PagerView {
  readonly element: HTMLElement;
  readonly summary = el('p', { class: 'result-summary', 'data-testid': 'result-summary' });
  private readonly previous = el('button', { type: 'button', class: 'btn btn--ghost', 'data-testid': 'page-prev' }, '← Previous');
  private readonly next = el('button', { type: 'button', class: 'btn btn--ghost', 'data-testid': 'page-next' }, 'Next →');
  private readonly position = el('span', { class: 'pager__position', 'data-testid': 'page-position' });

  constructor(onPage: (page: number) => void) {
    this.element = el('nav', { class: 'pager', 'aria-label': 'Pages', 'data-testid': 'pager' }, this.previous, this.position, this.next);
    this.previous.addEventListener('click', () => onPage(Number(this.element.dataset.page) - 1));
    this.next.addEventListener('click', () => onPage(Number(this.element.dataset.page) + 1));
    this.element.hidden = true;
  }

  /** Shows page `page` (1-based) of `totals`; null totals: not known yet. */
  show(page: number, totals: PageTotals | null): void {
    this.element.dataset.page = String(page);
    if (totals === null) {
      this.element.hidden = true;
      setText(this.summary, '');
      return;
    }
    const pages = Math.max(1, totals.totalPages);
    this.element.dataset.pages = String(pages);
    this.element.hidden = pages <= 1 && page <= 1;
    this.previous.disabled = page <= 1;
    this.next.disabled = !totals.hasNext;
    setText(this.position, `Page ${page} of ${pages}`);
    setText(this.summary, summaryText(totals.totalElements));
  }
}

export function summaryText(count: number): string {
  if (count === 0) return 'No concerts match.';
  return count === 1 ? '1 concert' : `${count.toLocaleString()} concerts`;
}
