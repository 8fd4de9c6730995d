// What bench:opening keeps per client: a server-clock estimate from `time:sync` round trips, the
// local instant at which the client *shows* each watched card OPEN by applying the card's announced
// `nextChange` (the package's own `showFromLocalMs` / `cardAsShown`, so this is the client
// library's behaviour), and the local instant at which the push saying OPEN arrived. Both figures
// come from the same clients in the same run, so (a) announced and (b) push only see one load.
//
// Commands (Fleet.command):
//   sync {samples, concurrency}  each connected client without an estimate takes `samples`
//                                sequential time:sync round trips; the one with the smallest round
//                                trip is kept (bestEstimate). Reply: {synced, failed, rttMs[]}
//   watch {ids}                  cards:watch {ids} on every connected client. Reply: {acked, errors}
//   announce {cards}             the cards as the snapshot gives them (with nextChange); resets the
//                                step's rows and arms one timer per worker that applies each
//                                client's flip at its own showFrom instant. Reply: {armed, noEstimate}
//   collect                      this step's rows (typed arrays), then forgets them
//
// One timer per worker, not one per client: it wakes at the earliest pending showFrom, applies every
// client that is due (cardAsShown must say OPEN), and re-arms for the next one. What the worker's
// event loop adds to the flip (20 000 clients in four processes) is part of the figure.

import { cardAsShown, showFromLocalMs, type CardJson, type ClockEstimate } from 'live-cards-client';
import { bestEstimate, type ClockSample } from '../../../../packages/live-cards-client/src/clock-offset.js';
import type { BenchClient, Recorder, RecorderContext } from '../recorder.js';

export interface OpeningRows {
  /** Per client of this worker (index - firstClient): NaN when it has no estimate. */
  readonly offsetMs: Float64Array;
  readonly roundTripMs: Float64Array;
  /** Per card k and client i at [k * clients + i]: local Date.now() when shown OPEN / push received; NaN: never. */
  readonly flipLocal: Float64Array;
  readonly pushLocal: Float64Array;
  /** Local showFrom instant the client computed (NaN: no estimate, so it waits for the push). */
  readonly showFromLocal: Float64Array;
  readonly cards: number;
  readonly clients: number;
  readonly firstClient: number;
  readonly kind: string;
  /** Refresh messages received since announce, and how many carried a card not watched. */
  readonly refreshes: number;
  readonly foreignItems: number;
}

interface Step {
  cards: CardJson[];
  ids: Map<number, number>;
  flipLocal: Float64Array;
  pushLocal: Float64Array;
  showFromLocal: Float64Array;
  refreshes: number;
  foreignItems: number;
}

export function createRecorder(_options: unknown, context: RecorderContext): Recorder<null> & { command(name: string, args: unknown, clients: readonly BenchClient[]): unknown } {
  const n = context.clients;
  const offset = new Float64Array(n).fill(NaN);
  const roundTrip = new Float64Array(n).fill(NaN);
  let step: Step | null = null;
  let timer: NodeJS.Timeout | undefined;
  // Clients (local index) sorted by showFrom, and how many of them are applied.
  let order: Int32Array = new Int32Array(0);
  let applied = 0;

  const local = (client: BenchClient) => client.index - context.firstClient;

  async function syncOne(client: BenchClient, samples: number): Promise<number | null> {
    const kept: ClockSample[] = [];
    for (let s = 0; s < samples; s += 1) {
      const sentAtLocalMs = Date.now();
      try {
        const [ack] = (await client.emitWithAck('time:sync', [sentAtLocalMs], 5_000)) as [{ serverNowEpochMs: number; clientSentAtMs: number }];
        const receivedAtLocalMs = Date.now();
        if (ack?.clientSentAtMs === sentAtLocalMs) kept.push({ sentAtLocalMs, receivedAtLocalMs, serverNowEpochMs: ack.serverNowEpochMs });
      } catch {
        // one sample fewer, as the package does
      }
    }
    const estimate = bestEstimate(kept);
    if (!estimate) return null;
    offset[local(client)] = estimate.offsetMs;
    roundTrip[local(client)] = estimate.roundTripMs;
    return estimate.roundTripMs;
  }

  function estimateOf(i: number): ClockEstimate | null {
    const o = offset[i] as number;
    return Number.isNaN(o) ? null : { offsetMs: o, roundTripMs: roundTrip[i] as number };
  }

  function applyDue(): void {
    timer = undefined;
    const s = step;
    if (!s) return;
    const now = Date.now();
    while (applied < order.length) {
      const i = order[applied] as number;
      if ((s.showFromLocal[i] as number) > now) break;
      const estimate = estimateOf(i);
      for (const [k, card] of s.cards.entries()) {
        // The client library's decision: is the card shown OPEN at this local instant?
        if (cardAsShown(card, estimate, now).saleStatus === 'OPEN' && Number.isNaN(s.flipLocal[k * n + i] as number)) s.flipLocal[k * n + i] = now;
      }
      applied += 1;
    }
    if (applied < order.length) timer = setTimeout(applyDue, Math.max(0, (s.showFromLocal[order[applied] as number] as number) - Date.now()));
  }

  function announce(cards: CardJson[]): { armed: number; noEstimate: number } {
    clearTimeout(timer);
    const ids = new Map(cards.map((c, k) => [c.id, k]));
    const s: Step = { cards, ids, flipLocal: new Float64Array(n * cards.length).fill(NaN), pushLocal: new Float64Array(n * cards.length).fill(NaN), showFromLocal: new Float64Array(n).fill(NaN), refreshes: 0, foreignItems: 0 };
    const armedClients: number[] = [];
    for (let i = 0; i < n; i += 1) {
      const estimate = estimateOf(i);
      // The three cards open at one instant: the earliest showFrom of any announced card.
      let from = NaN;
      for (const card of cards) {
        const at = card.nextChange ? showFromLocalMs(card.nextChange, estimate) : null;
        if (at !== null && !(at >= from)) from = at;
      }
      s.showFromLocal[i] = from;
      if (!Number.isNaN(from)) armedClients.push(i);
    }
    armedClients.sort((a, b) => (s.showFromLocal[a] as number) - (s.showFromLocal[b] as number));
    order = Int32Array.from(armedClients);
    applied = 0;
    step = s;
    if (order.length > 0) timer = setTimeout(applyDue, Math.max(0, (s.showFromLocal[order[0] as number] as number) - Date.now()));
    return { armed: order.length, noEstimate: n - order.length };
  }

  return {
    decodes: new Set(['CONCERTS_REFRESH']),
    onMessage: (client, message, receivedAt) => {
      const s = step;
      if (!s || message.event !== 'CONCERTS_REFRESH') return;
      s.refreshes += 1;
      const i = local(client);
      for (let j = 0; j < message.itemCount; j += 1) {
        const k = s.ids.get(message.ids[j] as number);
        if (k === undefined) {
          s.foreignItems += 1;
          continue;
        }
        if (message.statuses[j] === 'OPEN' && Number.isNaN(s.pushLocal[k * n + i] as number)) s.pushLocal[k * n + i] = receivedAt;
      }
    },
    command: async (name, args, clients) => {
      const connected = clients.filter((c) => c.connected());
      if (name === 'sync') {
        const { samples, concurrency } = args as { samples: number; concurrency: number };
        const todo = connected.filter((c) => Number.isNaN(offset[local(c)] as number));
        const rttMs: number[] = [];
        let failed = 0;
        let next = 0;
        const lane = async () => {
          while (next < todo.length) {
            const client = todo[next] as BenchClient;
            next += 1;
            const rtt = await syncOne(client, samples);
            if (rtt === null) failed += 1;
            else rttMs.push(rtt);
          }
        };
        await Promise.all(Array.from({ length: Math.max(1, concurrency) }, lane));
        return { synced: rttMs.length, failed, rttMs };
      }
      if (name === 'watch') {
        const { ids } = args as { ids: number[] };
        const errors: Record<string, number> = {};
        let acked = 0;
        await Promise.all(
          connected.map(async (client) => {
            try {
              const [ack] = (await client.emitWithAck('cards:watch', [{ ids }], 15_000)) as [{ watching?: unknown; error?: { code: string } }];
              if (ack?.watching) acked += 1;
              else errors[ack?.error?.code ?? 'bad ack'] = (errors[ack?.error?.code ?? 'bad ack'] ?? 0) + 1;
            } catch (error) {
              const message = error instanceof Error ? error.message : String(error);
              errors[message] = (errors[message] ?? 0) + 1;
            }
          }),
        );
        return { acked, errors };
      }
      if (name === 'announce') return announce((args as { cards: CardJson[] }).cards);
      if (name === 'collect') {
        const s = step;
        clearTimeout(timer);
        step = null;
        if (!s) throw new Error('collect before announce');
        const rows: OpeningRows = { offsetMs: offset.slice(), roundTripMs: roundTrip.slice(), flipLocal: s.flipLocal, pushLocal: s.pushLocal, showFromLocal: s.showFromLocal, cards: s.cards.length, clients: n, firstClient: context.firstClient, kind: context.kind, refreshes: s.refreshes, foreignItems: s.foreignItems };
        return rows;
      }
      throw new Error(`opening recorder: unknown command ${name}`);
    },
    result: () => null,
  };
}
