// The service-card page: the composition of the finder, the live view and the other views. Read
// this file top to bottom to see how a front end consumes the service: the URL names the view
// (keyword, status class, sort, page), a query-scoped live view of the client package holds exactly
// that page of cards (one snapshot, then whatever the server's realtime mode says), countdowns come
// from the server-clock estimate stepped on whole server seconds, highlights are re-read after
// live changes.

import { ServerTicker, type CardJson } from 'live-cards-client';
import { Announcer } from './announcer.js';
import { httpPageApi } from './api.js';
import { CardGrid } from './card-grid.js';
import { DebouncedTask } from './debounced-task.js';
import { el } from './dom.js';
import { HeaderView } from './header-view.js';
import { HighlightsView } from './highlights-view.js';
import { PagerView, summaryText } from './pager-view.js';
import { ReserveDialog } from './reserve-dialog.js';
import { ViewControls, type HistoryStep } from './view-controls.js';
import { ViewSession } from './view-session.js';
import { sameView, searchOfView, viewFromSearch, type PageView } from './view-state.js';

const HIGHLIGHT_LIMITS = { openingSoonLimit: 3, sellOutRiskLimit: 3 };
const HIGHLIGHTS_DEBOUNCE_MS = 300;

function mount(id: string, ...children: Node[]): void {
  const host = document.getElementById(id);
  if (host === null) throw new Error(`index.html lacks #${id}`);
  host.replaceChildren(...children);
}

class ServiceCardPage {
  private readonly api = httpPageApi();
  private readonly header = new HeaderView();
  private readonly highlights = new HighlightsView();
  private readonly notice = el('p', { class: 'notice', hidden: true, role: 'alert' });
  private readonly announcer = new Announcer(document.getElementById('announcer') ?? document.body.appendChild(el('div', { class: 'sr-only' })));
  private readonly grid: CardGrid;
  private readonly dialog: ReserveDialog;
  private readonly controls: ViewControls;
  private readonly pager = new PagerView((page) => this.navigate({ ...this.view, page: Math.max(1, page) }, 'push'));
  private readonly session = new ViewSession(location.origin, () => this.onViewChanged());
  /** Cards this page learned first-hand (a reservation answer) that the stream may not carry yet. */
  private readonly local = new Map<number, CardJson>();
  private readonly refreshHighlights = new DebouncedTask(() => void this.loadHighlights(), HIGHLIGHTS_DEBOUNCE_MS);
  private readonly ticker = new ServerTicker(
    () => this.session.serverNow(),
    (second) => this.tick(second),
  );
  /** The view the visitor asked for (the URL's); the grid shows it once its live view answered. */
  private view: PageView = viewFromSearch(location.search);
  private shownCards: readonly CardJson[] = [];
  private lastSecond: number | null = null;
  /** The stream position the highlights were last read for. */
  private highlightsSeq: number | null = null;
  private started = false;
  /** The view whose summary was last announced, so a live change does not repeat it. */
  private announcedView: string | null = null;

  constructor() {
    this.dialog = new ReserveDialog(this.api, (card, quantity) => {
      this.local.set(card.id, card);
      this.onViewChanged();
      this.refreshHighlights.request();
      this.announcer.announce(`Reserved ${quantity} for ${card.title}`);
    });
    this.grid = new CardGrid(this.announcer, (card) => this.dialog.open(card));
    this.controls = new ViewControls(this.view, (view, step) => this.navigate(view, step));
    mount('status-line', this.header.element);
    mount('highlights', this.highlights.element);
    this.highlights.showPlaceholder('Loading…');
    mount('finder', this.controls.element);
    mount('cards', this.pager.summary, this.grid.element, this.grid.empty, this.pager.element);
    document.getElementById('notices')?.replaceChildren(this.notice);
    document.body.append(this.dialog.element);
    this.header.showOffset(null);
    this.header.showConnection('reconnecting');
  }

  start(): void {
    // A link may spell the view in another way (defaults written out, unknown values): keep one spelling.
    history.replaceState(null, '', `${location.pathname}${searchOfView(this.view)}${location.hash}`);
    addEventListener('popstate', () => this.navigate(viewFromSearch(location.search), null));
    this.grid.busy();
    this.session.open(this.view);
    void this.loadHighlights();
  }

  /** Shows `view`: a new live view, and a history entry (`push`), the current one rewritten (`replace`), or none (back/forward). */
  private navigate(view: PageView, step: HistoryStep | null): void {
    if (sameView(view, this.view)) return;
    this.view = view;
    const url = `${location.pathname}${searchOfView(view)}`;
    if (step === 'push') history.pushState(null, '', url);
    else if (step === 'replace') history.replaceState(null, '', url);
    this.controls.show(view);
    this.grid.busy();
    this.session.open(view);
  }

  private onViewChanged(): void {
    const error = this.session.openingError();
    const shown = this.session.shown();
    if (shown === null) {
      this.showNotice(error === null ? null : 'The service cannot be reached. Retrying…');
      if (error !== null) this.header.showConnection('offline');
      return;
    }
    this.showNotice(null);
    const { view, snapshot, totals } = shown;
    const { status } = snapshot;
    if (status.mode !== null) this.header.showMode(status.mode);
    this.header.showConnection(status.connection);
    document.body.dataset.connection = status.connection;
    const key = searchOfView(view);
    this.shownCards = this.withLocal(snapshot.cards);
    const emptyText = view.page > 1 && (totals?.totalElements ?? 0) > 0 ? 'No concerts on this page.' : 'No concerts match.';
    this.grid.show(this.shownCards, key, emptyText);
    this.highlights.follow(this.shownCards);
    // The highlights follow what the server has published (a new stream position), not an announced
    // flip applied on this screen: re-reading them at a boundary would be the herd announcements avoid.
    if (this.highlightsSeq !== null && snapshot.seq !== this.highlightsSeq) this.refreshHighlights.request();
    this.highlightsSeq = snapshot.seq;
    this.pager.show(view.page, totals);
    // Past the last page (an old link, or cards that left this view): show the last page instead.
    if (totals !== null && totals.totalPages > 0 && view.page > totals.totalPages && sameView(view, this.view)) {
      this.navigate({ ...view, page: totals.totalPages }, 'replace');
    }
    if (totals !== null && this.announcedView !== key) {
      this.announcedView = key;
      this.announcer.announce(summaryText(totals.totalElements));
    }
    if (!this.started) {
      this.started = true;
      this.ticker.start();
    } else {
      this.ticker.realign();
    }
  }

  /** The view's cards, each replaced by a newer version this page got from a reservation. */
  private withLocal(cards: readonly CardJson[]): CardJson[] {
    return cards.map((card) => {
      const mine = this.local.get(card.id);
      if (mine !== undefined && mine.version > card.version) return mine;
      this.local.delete(card.id);
      return card;
    });
  }

  private tick(second: number): void {
    this.grid.tick(second);
    this.highlights.tick(second);
    this.header.showOffset(Date.now() - this.session.serverNow());
    this.lastSecond = second;
  }

  private async loadHighlights(): Promise<void> {
    try {
      this.highlights.show(await this.api.highlights(HIGHLIGHT_LIMITS));
      if (this.lastSecond !== null) this.highlights.tick(this.lastSecond);
    } catch (_error) {
      // The grid stays live; the next change or boundary tries again.
      this.highlights.showPlaceholder('Highlights are unavailable right now.');
    }
  }

  private showNotice(text: string | null): void {
    this.notice.hidden = text === null;
    this.notice.textContent = text ?? '';
  }
}

new ServiceCardPage().start();
