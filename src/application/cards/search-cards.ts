// Search: a page of cards plus what a client needs to stay current from it (server time, stream
// position, realtime mode). The stream `seq` is read before the rows, so every change with a
// higher seq is either already in the page or still to come on the socket.
//
// The stored part of a page (rows + seq) is reused for up to `maxAgeMs` per distinct query, so a
// crowd polling the same pages costs one database read per page per window; the time-dependent
// part (status, countdown, buttons) is still computed per request at the server's `now`. A reused
// page is never inconsistent: its rows were read after its seq, so later events still apply. A
// page older than a change this instance committed is read again at once. The computed cards of a
// kept page are themselves reused until the first instant any of them changes by time (the next
// countdown step), so a crowd asking within one second gets one array (the HTTP adapter encodes it
// once). What is kept is bounded by age and by bytes (kept-search-pages.ts), so distinct queries
// cannot pin memory, and it is all released within the window once traffic stops.
//
// Which concerts a status filter matches moves with time: a status-filtered page is read at its
// instant and reused only until the first time boundary of a card in it (a card that enters the
// status from outside the page shows within the window, as a change made on another instance does).

import type { ConcertCard } from '../../domain/card/card.js';
import { cardStableUntil, nextTimeBoundary } from '../../domain/card/time-boundary.js';
import type { Clock } from '../ports/clock.js';
import type { ConcertSearchQuery } from '../../domain/card/card-query.js';
import type { CardSearchResult, SearchCardsUseCase } from '../ports/inbound/card-queries.js';
import type { ConcertSearch, ConcertSearchPage } from '../ports/outbound/concert-search.js';
import type { StreamHead } from '../ports/outbound/outbox.js';
import type { StreamPosition } from '../publication/stream-position.js';
import type { CurrentRealtimeSettings } from '../settings/current-realtime-settings.js';
import { currentCards } from '../../domain/card/card-state.js';
import type { Timer } from '../ports/outbound/timer.js';
import { KeptSearchPages, type KeptPagesLimits } from '../search-pages/kept-search-pages.js';

interface StoredPage {
  readonly seq: number;
  readonly epoch: string;
  readonly found: ConcertSearchPage;
  /** When the page's membership may change by time alone (a status filter); Infinity otherwise. */
  readonly membershipUntil: number;
  /** The cards last computed from `found`, valid before `until`. */
  computed?: { readonly cards: ConcertCard[]; readonly from: number; readonly until: number };
}

export class SearchCards implements SearchCardsUseCase {
  readonly kept: KeptSearchPages<StoredPage>;

  constructor(
    private readonly concerts: ConcertSearch,
    private readonly head: StreamHead,
    private readonly settings: CurrentRealtimeSettings,
    private readonly clock: Clock,
    private readonly position: StreamPosition,
    timer: Timer,
    limits: KeptPagesLimits,
  ) {
    this.kept = new KeptSearchPages(clock, timer, limits);
  }

  async execute(query: ConcertSearchQuery): Promise<CardSearchResult> {
    const [stored, settings] = await Promise.all([this.storedPage(query), this.settings.get()]);
    const { seq, epoch, found } = stored;
    const now = this.clock.now();
    const totalPages = Math.ceil(found.totalElements / query.size);
    return {
      items: this.cardsAt(stored, now),
      page: query.page,
      size: query.size,
      totalElements: found.totalElements,
      totalPages,
      hasNext: query.page + 1 < totalPages,
      serverNowEpochMs: now,
      settings,
      seq,
      epoch,
    };
  }

  private cardsAt(stored: StoredPage, now: number): ConcertCard[] {
    const computed = stored.computed;
    if (computed && now >= computed.from && now < computed.until) return computed.cards;
    const cards = currentCards(stored.found.rows, now);
    const until = Math.min(...stored.found.rows.map(({ concert }) => cardStableUntil(concert.generalSaleStartAt, now)));
    stored.computed = { cards, from: now, until };
    return cards;
  }

  private async storedPage(query: ConcertSearchQuery): Promise<StoredPage> {
    if (!this.kept.enabled) return this.readPage(query);
    const key = JSON.stringify(query);
    const now = this.clock.now();
    const kept = this.kept.fresh(key, now);
    const behind = kept?.seq != null && kept.seq < this.position.latestSeen();
    if (kept && !behind) {
      const page = await kept.page;
      if (now < page.membershipUntil) return page;
    }
    // Concurrent requests for an expired page share one read.
    return this.kept.keep(key, now, this.readPage(query)).page;
  }

  private async readPage(query: ConcertSearchQuery): Promise<StoredPage> {
    const { seq, epoch } = await this.head.position();
    const now = this.clock.now();
    const found = await this.concerts.search(query, now);
    const membershipUntil =
      query.saleStatuses === null ? Number.POSITIVE_INFINITY : Math.min(...found.rows.map(({ concert }) => nextTimeBoundary(concert.generalSaleStartAt, now) ?? Number.POSITIVE_INFINITY));
    return { seq, epoch, found, membershipUntil };
  }
}
