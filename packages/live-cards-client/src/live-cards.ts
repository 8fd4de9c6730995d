// The views of one service, for an app that shows several (a list, a search, a detail card): one
// LiveCardsStore per distinct query, shared by whoever asks for the same query, plus what spans them:
// a card by id from whichever view holds it, the server's clock, the realtime status. The React
// binding (live-cards-client/react) is a thin layer over this; nothing here knows React.
//
// Each view is its own snapshot and socket, watching only its page's cards (`cards:watch`);
// views with the same query are one view.

import { LiveCardsStore, type LiveCardsStoreOptions, type RealtimeStatus } from './live-cards-store.js';
import type { ViewQuery } from './view-membership.js';
import type { CardJson } from './wire.js';

export type LiveCardsOptions = Omit<LiveCardsStoreOptions, 'query'>;

const NO_VIEW: RealtimeStatus = { ready: false, mode: null, hybridPollIntervalMillis: null, connection: 'reconnecting', error: null };

/** The key of a query: its parameters in name order, empty ones left out (`{}` and `{keyword: ''}` are one view). */
export function queryKey(query: ViewQuery = {}): string {
  const entries = Object.entries(query)
    .filter(([, value]) => String(value) !== '')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify(entries);
}

export class LiveCards {
  private readonly views = new Map<string, LiveCardsStore>();
  private readonly listeners = new Set<() => void>();

  constructor(private readonly options: LiveCardsOptions) {}

  /** The view of `query`: the same store for the same query, created on first use, live while subscribed. */
  view(query: ViewQuery = {}): LiveCardsStore {
    const key = queryKey(query);
    let store = this.views.get(key);
    if (store === undefined) {
      store = new LiveCardsStore({ ...this.options, query: Object.fromEntries(JSON.parse(key) as [string, string | number][]) });
      store.observe(() => this.notify());
      this.views.set(key, store);
    }
    return store;
  }

  /** Called after any view changed; watching does not start a view (subscribing to one does). */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** The card with this id, as the live views hold it (the highest version), or undefined when none shows it. */
  readonly card = (id: number): CardJson | undefined => {
    let found: CardJson | undefined;
    for (const store of this.active()) {
      const card = store.getCard(id);
      if (card !== undefined && (found === undefined || card.version > found.version)) found = card;
    }
    return found;
  };

  /** The server's clock (epoch ms) by the oldest live view's estimate; the local clock while none is live. */
  readonly serverNow = (): number => {
    const [first] = this.active();
    return first?.serverNow() ?? (this.options.localNow ?? Date.now)();
  };

  /** The realtime status of the oldest live view (every view follows the same server mode). */
  readonly status = (): RealtimeStatus => {
    const [first] = this.active();
    return first?.getSnapshot().status ?? NO_VIEW;
  };

  /** Stops every view. */
  close(): void {
    for (const store of this.views.values()) store.stop();
    this.views.clear();
    this.listeners.clear();
  }

  private active(): LiveCardsStore[] {
    return [...this.views.values()].filter((store) => store.isActive());
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}

/** The entry point of an app: `createLiveCards({ baseUrl })`, then `live.view(query)` or the React hooks. */
export function createLiveCards(options: LiveCardsOptions): LiveCards {
  return new LiveCards(options);
}
