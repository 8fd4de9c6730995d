// A framework-free view of one query: the cards the server answers for it, kept live, behind the
// two functions React's useSyncExternalStore takes (`subscribe`, `getSnapshot`), and that any
// other UI layer can use as they are. The snapshot is immutable and keeps its identity until
// something a screen shows has changed, so a subscriber can compare by reference.
//
// The view's socket watches only the cards of its page (`cards:watch`), so its traffic follows
// what it shows, not the catalogue; catalogue notices tell when the page may have changed, and the
// view re-reads it, debounced and jittered, until it has an answer at least as new as the notice.
//
// The view runs while it has subscribers: the first one starts a client (snapshot, then socket
// and/or polling as the server's realtime mode says), and it stops `lingerMs` after the last one
// leaves (a component remounting within that time finds it still live). A start that fails is
// retried with backoff, except a protocol refusal, which is final and shown in `status.error`.

import { LiveCardsClient, type LiveCardsClientOptions } from './live-cards-client.js';
import { startLiveSession } from './live-session.js';
import type { ConnectionState, ModeDriver } from './mode-driver.js';
import { ProtocolVersionError } from './protocol-error.js';
import { globalTimers, type Timers } from './timers.js';
import { ViewMembership, type ViewQuery } from './view-membership.js';
import type { CardJson, RealtimeMode } from './wire.js';

export interface RealtimeStatus {
  /** True once the first snapshot has been read. */
  readonly ready: boolean;
  /** The realtime mode the server decided; null before the first snapshot. */
  readonly mode: RealtimeMode | null;
  readonly hybridPollIntervalMillis: number | null;
  /** What to tell the visitor about the connection. */
  readonly connection: ConnectionState;
  /** Why the view could not start (it retries), or the ProtocolVersionError that stopped it for good. */
  readonly error: Error | null;
}

export interface LiveCardsSnapshot {
  /** The query's cards, in the server's order for it. */
  readonly cards: readonly CardJson[];
  /** The stream position the view has every change up to. */
  readonly seq: number;
  readonly status: RealtimeStatus;
}

export interface LiveCardsStoreOptions extends Omit<LiveCardsClientOptions, 'manualSocket' | 'onChange' | 'query'> {
  /** Search parameters: `keyword`, `artistName`, `entertainmentName`, `saleStatus`, `page`, `size`, `sort`. */
  readonly query?: ViewQuery;
  readonly timers?: Timers;
  /** Uniform in [0, 1): spreads re-reads of a crowd of views over `rereadJitterMs`. */
  readonly random?: () => number;
  /** How long the view stays live after its last subscriber left. */
  readonly lingerMs?: number;
  /** Delay before re-reading the snapshot after an event that may change the view's answer. */
  readonly rereadJitterMs?: { readonly min: number; readonly max: number };
}

/** An answer older than the notice that asked for it (another instance's cached page) is read again, this often at most. */
const REREADS_PER_NOTICE = 3;
const DEFAULTS = { lingerMs: 1_000, rereadJitterMs: { min: 50, max: 250 }, retryMinMs: 1_000, retryMaxMs: 30_000 } as const;

const IDLE: RealtimeStatus = { ready: false, mode: null, hybridPollIntervalMillis: null, connection: 'reconnecting', error: null };

export class LiveCardsStore {
  private readonly listeners = new Set<() => void>();
  private readonly observers = new Set<() => void>();
  private readonly timers: Timers;
  private readonly random: () => number;
  private membership: ViewMembership;
  private snapshot: LiveCardsSnapshot = { cards: [], seq: 0, status: IDLE };
  private client: LiveCardsClient | null = null;
  private driver: ModeDriver | null = null;
  private error: Error | null = null;
  private generation = 0;
  private attempts = 0;
  private lingerTimer: unknown = null;
  private retryTimer: unknown = null;
  private rereadTimer: unknown = null;
  /** The stream position the view's answer is from, and the one a notice asked it to reach. */
  private answerSeq = -1;
  private wantedSeq = -1;
  private rereads = 0;

  constructor(private readonly options: LiveCardsStoreOptions) {
    this.timers = options.timers ?? globalTimers;
    this.random = options.random ?? Math.random;
    this.membership = new ViewMembership(options.query);
  }

  /** Registers a listener called after each change of the snapshot; the first one starts the view. */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    this.cancel('lingerTimer');
    if (this.client === null && this.retryTimer === null) this.start();
    return () => {
      if (!this.listeners.delete(listener) || this.listeners.size > 0) return;
      this.cancel('lingerTimer');
      this.lingerTimer = this.timers.setTimeout(() => {
        this.lingerTimer = null;
        if (this.listeners.size === 0) this.stop();
      }, this.options.lingerMs ?? DEFAULTS.lingerMs);
    };
  };

  /** The current snapshot: the same object until something changed. */
  readonly getSnapshot = (): LiveCardsSnapshot => this.snapshot;

  /** Like `subscribe`, but never starts or keeps the view: for whoever only watches (LiveCards). */
  observe(listener: () => void): () => void {
    this.observers.add(listener);
    return () => this.observers.delete(listener);
  }

  /** True while subscribers keep the view live. */
  isActive(): boolean {
    return this.listeners.size > 0 || this.lingerTimer !== null;
  }

  /** The server's clock by this view's estimate (epoch ms); the local clock before it has one. */
  readonly serverNow = (): number => this.client?.serverNow() ?? (this.options.localNow ?? Date.now)();

  /** The view's card with this id, if the query answers it. */
  getCard(id: number): CardJson | undefined {
    return this.snapshot.cards.find((card) => card.id === id);
  }

  /** Starts the view now (subscribing does this); resolves once it shows its first snapshot or failed to. */
  start(): Promise<void> {
    this.stopClient();
    const generation = ++this.generation;
    const client = new LiveCardsClient({ ...this.options, query: this.options.query ?? {}, manualSocket: true });
    this.client = client;
    client.on('resync', (seq, answer) => {
      this.membership.snapshot(answer);
      this.answerSeq = seq;
      client.watch(this.membership.ids());
      this.update();
    });
    client.on('refresh', (event) => {
      if (this.membership.refresh(event)) this.rereadSoon(event.seq);
      this.update();
    });
    client.on('flip', () => this.update());
    client.on('connection', () => this.update());
    client.on('error', (error) => {
      if (error instanceof ProtocolVersionError) this.fail(error, generation);
    });
    return startLiveSession(client, { timers: this.timers, random: this.random }).then(
      (driver) => {
        if (generation !== this.generation) return driver.stop();
        this.driver = driver;
        this.attempts = 0;
        this.error = null;
        driver.onChange(() => this.update());
        this.update();
      },
      (error: unknown) => this.fail(error instanceof Error ? error : new Error(String(error)), generation),
    );
  }

  /** Stops the socket and every timer; the last snapshot stays readable. */
  stop(): void {
    this.generation += 1;
    this.cancel('retryTimer');
    this.cancel('lingerTimer');
    this.stopClient();
    this.update();
  }

  private fail(error: Error, generation: number): void {
    if (generation !== this.generation) return;
    this.error = error;
    this.stopClient();
    this.update();
    if (error instanceof ProtocolVersionError || this.listeners.size === 0) return;
    const ceiling = Math.min(DEFAULTS.retryMaxMs, DEFAULTS.retryMinMs * 2 ** this.attempts);
    this.attempts += 1;
    this.retryTimer = this.timers.setTimeout(() => {
      this.retryTimer = null;
      if (this.listeners.size > 0) void this.start();
    }, ceiling / 2 + this.random() * (ceiling / 2));
  }

  /** A notice at `seq` may have changed what the query answers: re-read once, soon, after a random spread. */
  private rereadSoon(seq: number): void {
    if (seq > this.wantedSeq) this.rereads = 0;
    this.wantedSeq = Math.max(this.wantedSeq, seq);
    if (this.rereadTimer !== null || this.client === null) return;
    const { min, max } = this.options.rereadJitterMs ?? DEFAULTS.rereadJitterMs;
    const client = this.client;
    this.rereadTimer = this.timers.setTimeout(() => {
      this.rereadTimer = null;
      this.rereads += 1;
      // A failed read leaves the view as it is; the mode driver's next read or the next notice catches up.
      client.resync().then(
        () => {
          if (this.client === client && this.answerSeq < this.wantedSeq && this.rereads < REREADS_PER_NOTICE) this.rereadSoon(this.wantedSeq);
        },
        () => undefined,
      );
    }, min + this.random() * (max - min));
  }

  private stopClient(): void {
    this.cancel('rereadTimer');
    this.driver?.stop();
    this.driver = null;
    this.client?.close();
    this.client = null;
  }

  private cancel(timer: 'lingerTimer' | 'retryTimer' | 'rereadTimer'): void {
    if (this[timer] !== null) this.timers.clearTimeout(this[timer]);
    this[timer] = null;
  }

  /** Builds the snapshot from the client and driver; a new object only when something differs. */
  private update(): void {
    const before = this.snapshot;
    const cards = this.client === null ? before.cards : this.membership.cardsFrom(this.client.cards());
    const settings = this.client?.settings() ?? null;
    const driverState = this.driver?.state();
    const status: RealtimeStatus = {
      ready: before.status.ready || settings !== null,
      mode: settings?.realtimeMode ?? before.status.mode,
      hybridPollIntervalMillis: settings?.hybridPollIntervalMillis ?? before.status.hybridPollIntervalMillis,
      connection: driverState?.connection ?? (this.error !== null || this.client === null ? 'offline' : 'reconnecting'),
      error: this.error,
    };
    const sameCards = cards.length === before.cards.length && cards.every((card, i) => card === before.cards[i]);
    const sameStatus = (Object.keys(status) as (keyof RealtimeStatus)[]).every((key) => status[key] === before.status[key]);
    const seq = this.client?.seq() ?? before.seq;
    if (sameCards && sameStatus && seq === before.seq) return;
    this.snapshot = { cards: sameCards ? before.cards : cards, seq, status: sameStatus ? before.status : status };
    for (const listener of [...this.listeners, ...this.observers]) listener();
  }
}
