// The live view behind the grid: one query-scoped LiveCardsStore (the client package) for the view
// the visitor asked for. Changing the view starts the new store while the old one stays live and on
// screen; the new one takes over at its first answer, so the grid never empties in between and the
// countdowns keep the old view's server-clock estimate until the new view has its own.

import { LiveCardsStore, type LiveCardsSnapshot } from 'live-cards-client';
import { fetchReadingTotals, type PageTotals } from './page-totals.js';
import { serverQueryOf, type PageView } from './view-state.js';

interface Entry {
  readonly view: PageView;
  readonly store: LiveCardsStore;
  totals: PageTotals | null;
  unsubscribe: () => void;
}

export class ViewSession {
  private current: Entry | null = null;
  private pending: Entry | null = null;

  constructor(
    private readonly baseUrl: string,
    private readonly onUpdate: () => void,
  ) {}

  /** Starts the live view of `view`; it replaces the shown one once it has answered. */
  open(view: PageView): void {
    if (this.pending !== null) this.dispose(this.pending);
    const entry: Entry = {
      view,
      store: new LiveCardsStore({
        baseUrl: this.baseUrl,
        query: serverQueryOf(view),
        fetch: fetchReadingTotals((totals) => {
          entry.totals = totals;
          this.changed(entry);
        }),
      }),
      totals: null,
      unsubscribe: () => undefined,
    };
    this.pending = entry;
    entry.unsubscribe = entry.store.subscribe(() => this.changed(entry));
  }

  /** The view on screen, with its live snapshot and paging totals; null before the first answer. */
  shown(): { readonly view: PageView; readonly snapshot: LiveCardsSnapshot; readonly totals: PageTotals | null } | null {
    if (this.current === null) return null;
    return { view: this.current.view, snapshot: this.current.store.getSnapshot(), totals: this.current.totals };
  }

  /** Why the view being opened cannot start (its store retries by itself); null when it is fine. */
  openingError(): Error | null {
    const entry = this.pending ?? this.current;
    return entry?.store.getSnapshot().status.error ?? null;
  }

  /** The server's clock by the shown view's estimate; the local clock before any view answered. */
  serverNow(): number {
    return this.current?.store.serverNow() ?? Date.now();
  }

  private changed(entry: Entry): void {
    if (entry === this.pending && entry.store.getSnapshot().status.ready) {
      if (this.current !== null) this.dispose(this.current);
      this.current = entry;
      this.pending = null;
    }
    if (entry === this.current || entry === this.pending) this.onUpdate();
  }

  private dispose(entry: Entry): void {
    entry.unsubscribe();
    entry.store.stop();
  }
}
