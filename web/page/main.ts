// The service-card page: the composition of the live client, the mode driver and the views. Read
// this file top to bottom to see how a front end consumes the service: one snapshot, then whatever
// the server's realtime mode says (socket, periodic snapshot, or both), countdowns from the
// server-clock estimate stepped on whole server seconds, highlights re-read after live changes.

import { LiveCardsClient, ServerTicker, startLiveSession, type CardJson, type ModeDriver, type SaleStatus } from 'live-cards-client';
import { Announcer } from './announcer.js';
import { httpPageApi } from './api.js';
import { CardView } from './card-view.js';
import { DebouncedTask } from './debounced-task.js';
import { el } from './dom.js';
import { HeaderView } from './header-view.js';
import { HighlightsView } from './highlights-view.js';
import { ReserveDialog } from './reserve-dialog.js';
import { statusAnnouncement } from './status-text.js';

const HIGHLIGHT_LIMITS = { openingSoonLimit: 3, sellOutRiskLimit: 3 };
const HIGHLIGHTS_DEBOUNCE_MS = 300;
const RETRY_START_MS = 3_000;

function mount(id: string, child: Node): void {
  const host = document.getElementById(id);
  if (host === null) throw new Error(`index.html lacks #${id}`);
  host.replaceChildren(child);
}

/** Grid order: sales opening soonest first, unscheduled last, then by id. */
function byOpening(a: CardJson, b: CardJson): number {
  const at = (card: CardJson) => (card.saleOpensAt === null ? Number.POSITIVE_INFINITY : Date.parse(card.saleOpensAt));
  return at(a) - at(b) || a.id - b.id;
}

class ServiceCardPage {
  private readonly api = httpPageApi();
  private readonly header = new HeaderView();
  private readonly highlights = new HighlightsView();
  private readonly grid = el('div', { class: 'grid', 'data-testid': 'grid' });
  private readonly notice = el('p', { class: 'notice', hidden: true, role: 'alert' });
  private readonly announcer: Announcer;
  private readonly dialog: ReserveDialog;
  private readonly views = new Map<number, CardView>();
  /** Cards this page learned first-hand (a reservation answer) that the stream may not carry yet. */
  private readonly local = new Map<number, CardJson>();
  private readonly client = new LiveCardsClient({
    baseUrl: location.origin,
    manualSocket: true,
    query: { size: 100, sort: 'id,asc' },
  });
  private readonly refreshHighlights = new DebouncedTask(() => void this.loadHighlights(), HIGHLIGHTS_DEBOUNCE_MS);
  private readonly ticker = new ServerTicker(
    () => this.client.serverNow(),
    (second) => this.tick(second),
  );
  private driver: ModeDriver | null = null;
  private lastSecond: number | null = null;
  private rendered = false;

  constructor() {
    this.announcer = new Announcer(document.getElementById('announcer') ?? document.body.appendChild(el('div', { class: 'sr-only' })));
    this.dialog = new ReserveDialog(this.api, (card, quantity) => {
      this.local.set(card.id, card);
      this.renderCards();
      this.refreshHighlights.request();
      this.announcer.announce(`Reserved ${quantity} for ${card.title}`);
    });
    mount('status-line', this.header.element);
    mount('highlights', this.highlights.element);
    this.highlights.showPlaceholder('Loading…');
    mount('cards', this.grid);
    document.getElementById('notices')?.replaceChildren(this.notice);
    document.body.append(this.dialog.element);
    this.header.showOffset(null);
    this.header.showConnection('reconnecting');
  }

  async start(): Promise<void> {
    this.client.on('resync', () => this.onCardsChanged());
    this.client.on('refresh', () => this.onCardsChanged());
    this.client.on('mode', (settings) => this.header.showMode(settings.realtimeMode));
    try {
      this.driver = await startLiveSession(this.client);
    } catch (_error) {
      this.showNotice('The service cannot be reached. Retrying…');
      this.header.showConnection('offline');
      globalThis.setTimeout(() => location.reload(), RETRY_START_MS);
      return;
    }
    this.showNotice(null);
    const show = () => {
      const state = this.driver?.state();
      if (state === undefined) return;
      this.header.showMode(state.mode);
      this.header.showConnection(state.connection);
      document.body.dataset.connection = state.connection;
    };
    this.driver.onChange(show);
    show();
    this.onCardsChanged();
    this.ticker.start();
    this.refreshHighlights.cancel();
    void this.loadHighlights();
  }

  private onCardsChanged(): void {
    if (this.renderCards()) this.refreshHighlights.request();
    this.ticker.realign();
  }

  /** Brings the grid in line with the client's cards; true when something visible changed. */
  private renderCards(): boolean {
    const cards = this.currentCards();
    let changed = false;
    const announce: string[] = [];
    for (const card of cards) {
      const view = this.views.get(card.id);
      if (view === undefined) {
        this.views.set(card.id, new CardView(card, (current) => this.dialog.open(current)));
        changed = true;
        continue;
      }
      const before: SaleStatus = view.current().saleStatus;
      if (view.current() === card) continue;
      view.update(card);
      changed = true;
      if (before !== card.saleStatus) announce.push(statusAnnouncement(card.title, card.saleStatus));
    }
    const ids = new Set(cards.map((card) => card.id));
    for (const [id, view] of this.views) {
      if (ids.has(id)) continue;
      view.element.remove();
      this.views.delete(id);
      changed = true;
    }
    if (changed) {
      this.grid.replaceChildren(...cards.map((card) => this.views.get(card.id)!.element));
      for (const card of cards) this.views.get(card.id)!.element.id = `card-${card.id}`;
      if (this.lastSecond !== null) for (const view of this.views.values()) view.tick(this.lastSecond);
    }
    if (this.rendered) for (const message of announce) this.announcer.announce(message);
    this.rendered = true;
    this.grid.dataset.count = String(cards.length);
    return changed;
  }

  /** The client's cards, each replaced by a newer version this page got from a reservation. */
  private currentCards(): CardJson[] {
    const cards: CardJson[] = [];
    for (const card of this.client.cards().values()) {
      const mine = this.local.get(card.id);
      if (mine !== undefined && mine.version > card.version) cards.push(mine);
      else {
        this.local.delete(card.id);
        cards.push(card);
      }
    }
    return cards.sort(byOpening);
  }

  private tick(second: number): void {
    for (const view of this.views.values()) view.tick(second);
    this.highlights.tick(second);
    this.header.showOffset(-this.client.clockOffsetMs());
    // A boundary passed (some card's status changed by time): the highlights may have reordered.
    if (this.lastSecond !== null) {
      const passed = [...this.client.cards().values()].some((card) => {
        const at = card.nextChange?.atEpochMs;
        return at !== undefined && at > (this.lastSecond as number) && at <= second;
      });
      if (passed) this.refreshHighlights.request();
    }
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

void new ServiceCardPage().start();
