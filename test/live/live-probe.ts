// A reference client (web/client/live-cards-client.ts) instrumented for end-to-end tests: it keeps
// every change as it came off the wire (duplicates included; catalogue notices apart), the ones the client applied
// after its own dedup, its resyncs, and any card whose version went backwards in the client's view.
// The wire tap goes through the client's `io` factory option, so the client itself is unchanged.

import { io } from 'socket.io-client';
import type { CardJson, RefreshEvent } from '../../src/contract/wire.js';
import { LiveCardsClient, type LiveCardsClientOptions, type LiveSocket } from '../../packages/live-cards-client/src/live-cards-client.js';

export interface Received {
  readonly event: RefreshEvent;
  /** Local epoch ms at receipt (the real clock, whatever `localNow` the client was given). */
  readonly receivedAt: number;
}

export class LiveProbe {
  /** Changes as they came off the wire (catalogue notices, which may repeat a seq, are kept apart). */
  readonly raw: Received[] = [];
  readonly notices: Received[] = [];
  readonly applied: Received[] = [];
  readonly resyncSeqs: number[] = [];
  readonly versionRegressions: string[] = [];
  /** The client's contiguous seq right after each applied event. */
  readonly contiguousTrail: number[] = [];
  readonly client: LiveCardsClient;
  private readonly highestVersion = new Map<number, number>();

  constructor(
    readonly name: string,
    readonly baseUrl: string,
    options: Partial<LiveCardsClientOptions> = {},
  ) {
    this.client = new LiveCardsClient({
      baseUrl,
      query: { size: 100 },
      ...options,
      io: (url, socketOptions) => {
        const socket = io(url, { ...socketOptions, forceNew: true }) as unknown as LiveSocket;
        socket.on('CONCERTS_REFRESH', (event) => (event.reason === 'CATALOGUE_CHANGED' ? this.notices : this.raw).push({ event, receivedAt: Date.now() }));
        return socket;
      },
      onChange: (state) => this.watchVersions(state.cards),
    });
    this.client.on('refresh', (event) => {
      // The client passes catalogue notices on too (views decide a re-read); they repeat a seq by design.
      if (event.reason === 'CATALOGUE_CHANGED') return;
      this.applied.push({ event, receivedAt: Date.now() });
      this.contiguousTrail.push(this.client.seq());
    });
    this.client.on('resync', (seq) => this.resyncSeqs.push(seq));
  }

  async start(): Promise<this> {
    await this.client.start();
    return this;
  }

  close(): void {
    this.client.close();
  }

  /** Applied (deduplicated) events that carry `concertId` as OPEN by a sale-status transition. */
  openings(concertId: number, from: readonly Received[] = this.applied): Received[] {
    return from.filter(({ event }) => event.reason === 'SALE_STATUS_TRANSITION' && event.items.some((c) => c.id === concertId && c.saleStatus === 'OPEN'));
  }

  /** Raw wire events minus distinct seqs: what the client had to drop as repeats. */
  rawDuplicates(): number {
    return this.raw.length - new Set(this.raw.map((r) => r.event.seq)).size;
  }

  /** Seqs after `fromSeq` up to `toSeq` that were neither applied from an event nor covered by a resync. */
  unexplainedGaps(fromSeq: number, toSeq: number): number[] {
    const applied = new Set(this.applied.map((r) => r.event.seq));
    const coveredUpTo = Math.max(fromSeq, ...this.resyncSeqs);
    const missing: number[] = [];
    for (let seq = fromSeq + 1; seq <= toSeq; seq += 1) if (!applied.has(seq) && seq > coveredUpTo) missing.push(seq);
    return missing;
  }

  /** Applied seqs in arrival order that are lower than one applied before them (commits racing). */
  outOfOrder(): number[] {
    const seqs = this.applied.map((r) => r.event.seq);
    return seqs.filter((seq, i) => seq < Math.max(0, ...seqs.slice(0, i)));
  }

  /** Seqs the client applied more than once (its dedup failed). */
  appliedTwice(): number[] {
    const seen = new Set<number>();
    return this.applied.map((r) => r.event.seq).filter((seq) => seen.has(seq) || !seen.add(seq));
  }

  /** Points where the client's contiguous seq went down (it must only ever grow). */
  contiguousRegressions(): string[] {
    return this.contiguousTrail.flatMap((seq, i) => (i > 0 && seq < this.contiguousTrail[i - 1]! ? [`${this.contiguousTrail[i - 1]} -> ${seq}`] : []));
  }

  /** id → "status/version/seats" of the cards the client holds, for comparing clients. */
  view(ids?: readonly number[]): Record<number, string> {
    const out: Record<number, string> = {};
    for (const [id, card] of this.client.cards()) {
      if (!ids || ids.includes(id)) out[id] = `${card.saleStatus}/v${card.version}/${card.availableSeatCount}`;
    }
    return out;
  }

  private watchVersions(cards: ReadonlyMap<number, CardJson>): void {
    for (const [id, card] of cards) {
      const before = this.highestVersion.get(id) ?? 0;
      if (card.version < before) this.versionRegressions.push(`card ${id}: v${before} -> v${card.version}`);
      else this.highestVersion.set(id, card.version);
    }
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `condition` until true; throws naming `what` after `timeoutMs`. */
export async function eventually(what: string, condition: () => boolean | Promise<boolean>, timeoutMs: number, everyMs = 25): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

/** p50/p99/max of a list of numbers, rounded, for one-line summaries. */
export function percentiles(values: readonly number[]): { n: number; p50: number; p99: number; max: number; min: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
  return { n: sorted.length, min: Math.round(sorted[0] ?? NaN), p50: Math.round(at(0.5)), p99: Math.round(at(0.99)), max: Math.round(sorted.at(-1) ?? NaN) };
}
