// One client process of the chaos soak: its share of the fleet, every client the project's own
// reference client as a front end installs it (`live-cards-client`): plain `LiveCardsClient`s
// watching everything, `LiveCardsStore`s (the mode driver: socket, hybrid polls, polling) of the
// whole catalogue or of a query, and clients watching a few ids (the plain client's `watch(ids)`).
// Some clients drop and come back at random. Each logs what it applied (history.ts ClientEntry). Forked by the
// fleet (bench/lib/fleet/fleet.ts, `worker`), it answers the same IPC:
//   connect -> start every client;  command 'seqs' -> where each client stands;
//   command 'quiet' -> no more random reconnects;  finish -> logs.

import { io } from 'socket.io-client';
import { LiveCardsClient, LiveCardsStore, type CardJson, type LiveSocket, type SocketFactory } from 'live-cards-client';
import type { CardFacts, ClientEntry, ClientLog, ClientSpec } from './history.js';
import { between, pick, seededRandom } from './schedule.js';

export interface SoakOptions {
  readonly baseUrl: string;
  readonly seed: number;
  readonly clients: readonly ClientSpec[];
  /** Mean time between random reconnects of one of this worker's clients. */
  readonly reconnectEveryMs: number;
}

interface Request {
  readonly id: number;
  readonly cmd: 'connect' | 'stats' | 'command' | 'finish';
  readonly name?: string;
}

const input = JSON.parse(process.env.FLEET_INPUT as string) as { firstClient: number; clients: number; recorder: { options: SoakOptions } };
const options = input.recorder.options;
process.on('disconnect', () => process.exit(0));
const random = seededRandom(options.seed + input.firstClient);
const facts = (card: CardJson): CardFacts => [card.id, card.version, card.saleStatus, card.availableSeatCount];

class SoakClient {
  readonly entries: ClientEntry[] = [];
  private conn = 0;
  private plain: LiveCardsClient | null = null;
  private store: LiveCardsStore | null = null;
  /** What the view showed, by facts: a restarted store re-reads its snapshot into new objects. */
  private shown = new Map<number, string>();

  constructor(readonly spec: ClientSpec) {}

  /** Every socket the client opens goes through here: forceNew (one connection per client), logged. */
  private readonly io: SocketFactory = (url, socketOptions) => {
    const socket = io(url, { ...socketOptions, forceNew: true }) as LiveSocket;
    let conn = 0;
    let named = false;
    socket.on('connect', () => {
      this.conn += 1;
      conn = this.conn;
      named = false;
      this.entries.push({ k: 'connect', t: Date.now(), conn });
    });
    socket.on('disconnect', (reason) => this.entries.push({ k: 'disconnect', t: Date.now(), conn, reason }));
    socket.on('CONCERTS_REFRESH', (event) => {
      if (named) return;
      named = true;
      this.entries.push({ k: 'instance', t: Date.now(), conn, instance: event.instanceId });
    });
    return socket;
  };

  async start(): Promise<void> {
    const baseUrl = options.baseUrl;
    if (this.spec.kind === 'all' || this.spec.kind === 'few') {
      const client = new LiveCardsClient({ baseUrl, io: this.io, query: { size: 100 } });
      client.on('refresh', (event, t) => {
        if (event.reason === 'CATALOGUE_CHANGED') return;
        this.entries.push({ k: 'event', t, conn: this.conn, seq: event.seq, reason: event.reason, serverNow: event.serverNowEpochMs, cards: event.items.map(facts), removed: event.removedIds });
      });
      client.on('resync', (seq, snapshot) => this.entries.push({ k: 'snapshot', t: Date.now(), seq, cards: snapshot.items.map(facts) }));
      client.on('error', () => undefined);
      if (this.spec.kind === 'few') client.watch([...(this.spec.ids ?? [])]);
      this.plain = client;
      await client.start();
      return;
    }
    const store = new LiveCardsStore({ baseUrl, io: this.io, query: { size: 100, ...(this.spec.query ?? {}) } });
    this.store = store;
    store.subscribe(() => this.onView(store));
    await store.start();
  }

  private onView(store: LiveCardsStore): void {
    const snapshot = store.getSnapshot();
    const changed: CardFacts[] = [];
    const next = new Map<number, string>();
    for (const card of snapshot.cards) {
      const shown = facts(card);
      next.set(card.id, shown.join('/'));
      if (this.shown.get(card.id) !== shown.join('/')) changed.push(shown);
    }
    const left = [...this.shown.keys()].filter((id) => !next.has(id));
    this.shown = next;
    if (changed.length > 0 || left.length > 0) this.entries.push({ k: 'view', t: Date.now(), seq: snapshot.seq, cards: changed, left });
  }

  /** Drops the connection and comes back after a random pause. */
  bounce(): void {
    const pause = between(random, 200, 2_000);
    if (this.plain) {
      const client = this.plain;
      client.closeLive();
      setTimeout(() => client.openLive(), pause);
    } else if (this.store) {
      const store = this.store;
      store.stop();
      setTimeout(() => void store.start(), pause);
    }
  }

  seq(): number {
    return this.plain ? this.plain.seq() : (this.store?.getSnapshot().seq ?? 0);
  }

  log(): ClientLog {
    if (this.plain) {
      const watched = this.spec.ids ? new Set(this.spec.ids) : null;
      const cards = [...this.plain.cards().values()].filter((card) => !watched || watched.has(card.id));
      const log: ClientLog = { spec: this.spec, entries: this.entries, final: cards.map(facts), finalSeq: this.plain.seq(), stats: { ...this.plain.stats() }, connectedAtEnd: this.plain.isConnected() };
      this.plain.close();
      return log;
    }
    const snapshot = (this.store as LiveCardsStore).getSnapshot();
    const log: ClientLog = {
      spec: this.spec,
      entries: this.entries,
      final: snapshot.cards.map(facts),
      finalSeq: snapshot.seq,
      stats: {},
      connectedAtEnd: snapshot.status.connection === 'connected' || snapshot.status.mode === 'polling',
    };
    this.store?.stop();
    return log;
  }
}

// The fleet gives each worker its slice of the clients by index.
const clients = options.clients.slice(input.firstClient, input.firstClient + input.clients).map((spec) => new SoakClient(spec));
let bouncer: NodeJS.Timeout | undefined;
let quiet = false;
const scheduleBounce = () => {
  if (quiet) return;
  bouncer = setTimeout(() => {
    if (quiet) return;
    pick(random, clients).bounce();
    scheduleBounce();
  }, between(random, options.reconnectEveryMs / 2, options.reconnectEveryMs * 1.5));
};

async function handle(request: Request): Promise<unknown> {
  switch (request.cmd) {
    case 'connect': {
      const started = Date.now();
      const outcomes = await Promise.allSettled(clients.map((client) => client.start()));
      scheduleBounce();
      const failed = outcomes.filter((o) => o.status === 'rejected').length;
      return { connected: clients.length - failed, failed, errors: {}, ms: Date.now() - started };
    }
    case 'stats':
      return { pid: process.pid, clients: clients.length, open: 0, messages: 0, decodeFallbacks: 0, reconnects: 0, disconnects: 0, rssKb: Math.round(process.memoryUsage.rss() / 1024) };
    case 'command':
      if (request.name === 'quiet') {
        // The settle: no more random reconnects.
        quiet = true;
        clearTimeout(bouncer);
        return [];
      }
      return clients.map((client) => ({ id: client.spec.id, kind: client.spec.kind, seq: client.seq() }));
    case 'finish':
      clearTimeout(bouncer);
      return clients.map((client) => client.log());
  }
}

process.on('message', (request: Request) => {
  handle(request).then(
    (value) => process.send?.({ id: request.id, value }),
    (error: unknown) => process.send?.({ id: request.id, error: error instanceof Error ? error.message : String(error) }),
  );
});
process.send?.({ id: 0, value: 'ready' });
