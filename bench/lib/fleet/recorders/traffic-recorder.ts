// What a view's traffic costs it: per client, the events and wire bytes it received, split into
// refreshes that carried its own cards, refreshes that carried any other card (a watching client
// must get none), catalogue notices, heartbeats and the rest. bench:opening's traffic phase: one
// client watching 20 cards while 1 000 other cards change, beside one watching all of them.
//
// Commands: watch {request: {ids} | {all: true}, viewIds} (cards:watch on every connected client,
// ack awaited; viewIds: the 20 cards, so an all-watcher counts the refreshes that touched them —
// what a watching view should receive); reset (zero every counter: what came before, e.g. the watch's own answer, is not the phase's).

import type { BenchClient, Recorder } from '../recorder.js';

export interface TrafficCounts {
  readonly client: number;
  readonly kind: string;
  readonly events: number;
  readonly bytes: number;
  /** CONCERTS_REFRESH with at least one item, all of them watched. */
  readonly ownRefreshes: number;
  readonly ownItems: number;
  readonly ownBytes: number;
  /** CONCERTS_REFRESH with an item the client does not watch. */
  readonly foreignRefreshes: number;
  readonly foreignItems: number;
  readonly catalogueNotices: number;
  readonly catalogueBytes: number;
  readonly heartbeats: number;
  readonly other: number;
  /** Refreshes (not notices) carrying at least one of viewIds. */
  readonly withViewCards: number;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export function createRecorder(_options: unknown, context: { kind: string }): Recorder<TrafficCounts[]> {
  const counts = new Map<number, Mutable<TrafficCounts>>();
  let watched: Set<number> | null = null; // null: all
  let view = new Set<number>();
  const fresh = (client: number): Mutable<TrafficCounts> => ({ client, kind: context.kind, events: 0, bytes: 0, ownRefreshes: 0, ownItems: 0, ownBytes: 0, foreignRefreshes: 0, foreignItems: 0, catalogueNotices: 0, catalogueBytes: 0, heartbeats: 0, other: 0, withViewCards: 0 });
  const of = (client: number) => {
    let c = counts.get(client);
    if (!c) counts.set(client, (c = fresh(client)));
    return c;
  };
  return {
    decodes: new Set(['CONCERTS_REFRESH']),
    onMessage: (client, message) => {
      const c = of(client.index);
      c.events += 1;
      c.bytes += message.bytes;
      if (message.event === 'CONCERTS_HEARTBEAT') c.heartbeats += 1;
      else if (message.event !== 'CONCERTS_REFRESH') c.other += 1;
      else if (message.reason === 'CATALOGUE_CHANGED') {
        c.catalogueNotices += 1;
        c.catalogueBytes += message.bytes;
      } else {
        let foreign = 0;
        let touchesView = false;
        for (let i = 0; i < message.itemCount; i += 1) {
          const id = message.ids[i] as number;
          if (watched !== null && !watched.has(id)) foreign += 1;
          if (view.has(id)) touchesView = true;
        }
        if (touchesView) c.withViewCards += 1;
        if (foreign > 0) {
          c.foreignRefreshes += 1;
          c.foreignItems += foreign;
        } else {
          c.ownRefreshes += 1;
          c.ownBytes += message.bytes;
        }
        c.ownItems += message.itemCount - foreign;
      }
    },
    command: async (name, args, clients: readonly BenchClient[]) => {
      if (name === 'reset') {
        counts.clear();
        return clients.length;
      }
      if (name !== 'watch') throw new Error(`traffic recorder: unknown command ${name}`);
      const { request, viewIds } = args as { request: { ids: number[] } | { all: true }; viewIds: number[] };
      view = new Set(viewIds);
      watched = 'ids' in request ? new Set(request.ids) : null;
      const acks = await Promise.all(clients.filter((c) => c.connected()).map((c) => c.emitWithAck('cards:watch', [request], 10_000)));
      return acks.map((a) => a[0]);
    },
    result: () => [...counts.values()],
  };
}
