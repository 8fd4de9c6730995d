// The finder above the grid: a keyword search box, the status classes (all / bookable / opening
// soon / other) as a radio group, and the sort. It only reads and shows a PageView; the page decides
// what a change does (a new live view, a history entry). Typing is debounced, so a word is one
// view, not one per keystroke; Enter applies at once.

import { DebouncedTask } from './debounced-task.js';
import { el } from './dom.js';
import { CLASS_LABELS, SORT_LABELS, withFilters, type PageView, type SortKey, type StatusClass } from './view-state.js';

const TYPING_DEBOUNCE_MS = 300;

/** How a change should be kept in the browser history: a typed keyword replaces, a click adds. */
export type HistoryStep = 'push' | 'replace';

export class ViewControls {
  readonly element: HTMLFormElement;
  private readonly keyword: HTMLInputElement;
  private readonly radios = new Map<StatusClass, HTMLInputElement>();
  private readonly sort: HTMLSelectElement;
  private view: PageView;
  private readonly typing = new DebouncedTask(() => this.applyKeyword('replace'), TYPING_DEBOUNCE_MS);

  constructor(
    initial: PageView,
    private readonly onChange: (view: PageView, step: HistoryStep) => void,
  ) {
    this.view = initial;
    this.keyword = el('input', {
      id: 'finder-keyword',
      type: 'search',
      name: 'q',
      class: 'finder__input',
      maxlength: 100,
      autocomplete: 'off',
      placeholder: 'Title, artist or agency',
      'data-testid': 'keyword',
    });
    this.keyword.addEventListener('input', () => this.typing.request());

    const classes = el('fieldset', { class: 'finder__classes' }, el('legend', { class: 'finder__label' }, 'Show'));
    for (const [value, label] of Object.entries(CLASS_LABELS) as [StatusClass, string][]) {
      const radio = el('input', { type: 'radio', name: 'show', value, 'data-testid': `show-${value}` });
      radio.addEventListener('change', () => {
        if (radio.checked) this.emit(withFilters(this.currentWithKeyword(), { show: value }), 'push');
      });
      this.radios.set(value, radio);
      classes.append(el('label', { class: 'finder__class' }, radio, el('span', {}, label)));
    }

    this.sort = el('select', { id: 'finder-sort', name: 'sort', class: 'finder__select', 'data-testid': 'sort' });
    for (const [value, label] of Object.entries(SORT_LABELS) as [SortKey, string][]) this.sort.append(el('option', { value }, label));
    this.sort.addEventListener('change', () => this.emit(withFilters(this.currentWithKeyword(), { sort: this.sort.value as SortKey }), 'push'));

    this.element = el(
      'form',
      { class: 'finder', role: 'search', 'aria-label': 'Find a concert', 'data-testid': 'finder' },
      el('div', { class: 'finder__field finder__field--grow' }, el('label', { class: 'finder__label', for: 'finder-keyword' }, 'Search'), this.keyword),
      classes,
      el('div', { class: 'finder__field' }, el('label', { class: 'finder__label', for: 'finder-sort' }, 'Sort by'), this.sort),
    );
    this.element.addEventListener('submit', (event) => {
      event.preventDefault();
      this.applyKeyword('push');
    });
    this.show(initial);
  }

  /** Shows `view` in the controls (at start, and when the visitor goes back or forward). */
  show(view: PageView): void {
    this.view = view;
    this.typing.cancel();
    if (this.keyword.value.trim() !== view.keyword) this.keyword.value = view.keyword;
    for (const [value, radio] of this.radios) radio.checked = value === view.show;
    this.sort.value = view.sort;
  }

  private applyKeyword(step: HistoryStep): void {
    this.typing.cancel();
    const keyword = this.keyword.value.trim();
    if (keyword !== this.view.keyword) this.emit(withFilters(this.view, { keyword }), step);
  }

  /** The shown view with whatever is typed but not yet applied: a click right after typing keeps the word. */
  private currentWithKeyword(): PageView {
    this.typing.cancel();
    return { ...this.view, keyword: this.keyword.value.trim() };
  }

  private emit(view: PageView, step: HistoryStep): void {
    this.view = view;
    this.onChange(view, step);
  }
}
