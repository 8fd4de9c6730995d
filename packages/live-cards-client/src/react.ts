// `live-cards-client/react`: the React binding. Every hook is React's useSyncExternalStore over the
// framework-free LiveCards views, so rendering stays consistent with the store (no tearing) and a
// component re-renders only when what it reads changed. React is an optional peer dependency:
// this entry point is the only one that imports it. Written without JSX, so the package needs no
// JSX build step and works with any JSX runtime setting of the app.

import { createContext, createElement, useContext, useMemo, useSyncExternalStore, type ReactNode } from 'react';
import { serverSecondOf } from './countdown.js';
import { queryKey, type LiveCards } from './live-cards.js';
import type { LiveCardsSnapshot, RealtimeStatus } from './live-cards-store.js';
import { ServerTicker } from './server-ticker.js';
import type { ViewQuery } from './view-membership.js';
import type { CardJson } from './wire.js';

const LiveCardsContext = createContext<LiveCards | null>(null);

export interface LiveCardsProviderProps {
  /** From `createLiveCards({ baseUrl })`, made once for the app (not on every render). */
  readonly live: LiveCards;
  readonly children?: ReactNode;
}

/** Makes `live` the service every hook below it reads. */
export function LiveCardsProvider({ live, children }: LiveCardsProviderProps): ReactNode {
  return createElement(LiveCardsContext.Provider, { value: live }, children);
}

function useLive(hook: string): LiveCards {
  const live = useContext(LiveCardsContext);
  if (live === null) throw new Error(`${hook} must be used inside <LiveCardsProvider live={createLiveCards({ baseUrl })}>`);
  return live;
}

/**
 * The cards the server answers for `query` (`keyword`, `artistName`, `entertainmentName`, `page`,
 * `size`, `sort`), kept live, with the realtime status. The query is compared by value, so an
 * object literal written in the render is fine.
 */
export function useLiveCards(query: ViewQuery = {}): LiveCardsSnapshot {
  const live = useLive('useLiveCards');
  const key = queryKey(query);
  // Keyed by the query's value, not its identity: a literal written in the render is a new object each time.
  const store = useMemo(() => live.view(query), [live, key]);
  return useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);
}

/**
 * The card with this id as the live views on screen hold it (a component under a `useLiveCards`
 * list re-renders when its own card changes, not when any card does); undefined when none shows it.
 */
export function useCard(id: number): CardJson | undefined {
  const live = useLive('useCard');
  const read = () => live.card(id);
  return useSyncExternalStore(live.subscribe, read, read);
}

/**
 * The server's clock (epoch ms), re-rendering on every whole multiple of `intervalMs` of server
 * time: screens whose own clocks differ re-render at the same server instant, so a countdown from
 * `saleCountdown(card, now)` shows the same digits everywhere.
 */
export function useServerNow(intervalMs = 1_000): number {
  const live = useLive('useServerNow');
  const clock = useMemo(() => serverClock(live, intervalMs), [live, intervalMs]);
  return useSyncExternalStore(clock.subscribe, clock.getSnapshot, clock.getSnapshot);
}

/** The realtime mode the server decided, what to tell the visitor about the connection, and why a view stopped. */
export function useRealtimeStatus(): RealtimeStatus {
  const live = useLive('useRealtimeStatus');
  return useSyncExternalStore(live.subscribe, live.status, live.status);
}

/** An external store of "server now, stepped on `intervalMs`", ticking while subscribed. */
function serverClock(live: LiveCards, intervalMs: number) {
  let now = serverSecondOf(live.serverNow(), intervalMs);
  return {
    subscribe(onChange: () => void): () => void {
      const ticker = new ServerTicker(
        live.serverNow,
        (instant) => {
          if (instant === now) return;
          now = instant;
          onChange();
        },
        undefined,
        intervalMs,
      );
      ticker.start();
      // A view's first clock estimate can move "now" by seconds: re-aim at once when views change.
      const stopWatching = live.subscribe(() => ticker.realign());
      return () => {
        stopWatching();
        ticker.stop();
      };
    },
    getSnapshot: () => now,
  };
}
