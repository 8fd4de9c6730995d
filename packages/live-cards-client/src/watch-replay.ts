// What the client's socket watches, and catching up from a position (CONTRACT.md "Socket.IO",
// `cards:watch`): the watch set is sent at each connect (a new socket watches everything) and when
// it changes; once the client holds a snapshot, every such request carries `afterSeq` and `epoch`,
// so the server first replays what the client missed (after a reconnect, a slow-consumer close, a
// gap, or for cards watched only since the last snapshot). When it cannot (`resyncRequired`), or
// does not answer, the client reads the snapshot instead. One request at a time; asks that come
// meanwhile are merged into the next one, from the earliest position asked for.

import type { LiveConnection } from './live-connection.js';
import type { StreamSequencer } from './stream-sequencer.js';
import type { WatchAck, WatchRequest } from './wire.js';

export type WatchSet = readonly number[] | 'all';

export interface WatchReplayDeps {
  readonly connection: Pick<LiveConnection, 'isConnected' | 'watch'>;
  readonly sequencer: StreamSequencer;
  readonly resync: () => Promise<void>;
  readonly onError: (error: unknown) => void;
}

const keyOf = (set: WatchSet): string => (set === 'all' ? 'all' : set.join(','));

export class WatchReplay {
  private watching: WatchSet = 'all';
  /** The set the server holds for this socket, as far as we know. */
  private sentKey = 'all';
  private epoch: string | null = null;
  private snapshotSeq = 0;
  /** The earliest position a pending request should replay from (null: none pending; -1: no position, a plain watch). */
  private pending: number | null = null;
  private running = false;
  private inReplay = 0;
  /** Replay requests in flight: live events are held until their ack, so seqs are applied in order. */
  private holding = 0;
  private release: () => void = () => undefined;
  /** The server has answered a watch on this connection: its heartbeats now speak of our watch set. */
  private answered = false;
  private stopped = false;
  private readonly counters = { replays: 0, replayedEvents: 0, resyncsRequired: 0 };

  constructor(private readonly deps: WatchReplayDeps) {}

  setWatch(ids: WatchSet): void {
    const next = ids === 'all' ? 'all' : [...new Set(ids)].sort((a, b) => a - b);
    if (keyOf(next) === keyOf(this.watching)) return;
    this.watching = next;
    if (this.deps.connection.isConnected()) this.ask(Math.min(this.deps.sequencer.lastContiguous(), this.snapshotSeq));
  }

  /** The socket dropped: what the server knew of our watch set is gone with it. */
  disconnected(): void {
    this.sentKey = 'all';
    this.answered = false;
  }

  /** Called once a replay's ack has come (or did not), to apply the events held meanwhile. */
  whenReleased(release: () => void): void {
    this.release = release;
  }

  /** True while a replay request is in flight: events that arrive now are held (see `holding`). */
  holds(): boolean {
    return this.holding > 0;
  }

  /** The socket (re)connected: it watches all and missed what happened while it was away. */
  connected(): void {
    this.sentKey = 'all';
    this.answered = false;
    if (this.epoch !== null) this.ask(this.deps.sequencer.lastContiguous());
    else if (keyOf(this.watching) !== this.sentKey) this.ask(-1);
  }

  /** A snapshot at `seq` of history `epoch` was applied. */
  positioned(seq: number, epoch: string): void {
    this.epoch = epoch;
    this.snapshotSeq = seq;
    if (this.deps.connection.isConnected() && keyOf(this.watching) !== this.sentKey) this.ask(seq);
  }

  /** A gap did not fill in time: replay from the last contiguous seq. */
  catchUp(afterSeq: number): void {
    this.ask(afterSeq);
  }

  /** True when `epoch` is not the history the client's seqs belong to. */
  otherHistory(epoch: string): boolean {
    return this.epoch !== null && epoch !== this.epoch;
  }

  watchesSome(): boolean {
    return this.watching !== 'all';
  }

  /**
   * True when a heartbeat covers every seq up to its own: watching some cards, once the server
   * answered this connection's watch and none is pending (a fresh socket's first heartbeat only
   * tells where the stream is, not what we were sent).
   */
  heartbeatCovers(): boolean {
    return this.watchesSome() && this.answered && !this.running;
  }

  /** True while a replay is being sent: events at or below our seq may be news for newly watched cards. */
  replaying(): boolean {
    return this.inReplay > 0;
  }

  stats(): { replays: number; replayedEvents: number; resyncsRequired: number } {
    return { ...this.counters };
  }

  stop(): void {
    this.stopped = true;
    this.pending = null;
  }

  private ask(afterSeq: number): void {
    if (this.stopped) return;
    this.pending = this.pending === null ? afterSeq : Math.min(this.pending, afterSeq);
    if (this.running) return;
    this.running = true;
    void this.drain().finally(() => {
      this.running = false;
    });
  }

  private async drain(): Promise<void> {
    while (this.pending !== null && !this.stopped) {
      const after = this.pending;
      this.pending = null;
      try {
        await this.send(after < 0 || this.epoch === null ? null : after);
      } catch (error) {
        this.deps.onError(error);
      }
    }
  }

  private async send(afterSeq: number | null): Promise<void> {
    if (!this.deps.connection.isConnected()) return; // the next connect asks again
    const set = this.watching;
    const position = afterSeq === null ? {} : { afterSeq, epoch: this.epoch as string };
    const request: WatchRequest = set === 'all' ? { all: true, ...position } : { ids: [...set], ...position };
    let ack: WatchAck | null = null;
    // Replaying from before our seq (for newly watched cards): events we may already have come again.
    const behind = afterSeq !== null && afterSeq < this.deps.sequencer.lastContiguous() ? 1 : 0;
    // Live events can reach the socket before the server takes the request, and the replayed ones
    // (older) after them: both are held until the ack and then applied in seq order.
    const hold = afterSeq !== null ? 1 : 0;
    this.inReplay += behind;
    this.holding += hold;
    try {
      ack = await this.deps.connection.watch(request);
    } catch {
      // Not answered in time: the snapshot below says where we are.
    } finally {
      this.holding -= hold;
      if (hold === 1 && this.holding === 0) this.release();
      this.inReplay -= behind;
    }
    // Even when refused, stop asking for this set: the socket keeps a wider one or the default.
    this.sentKey = keyOf(set);
    if (ack !== null && !('error' in ack)) this.answered = true;
    if (ack === null || 'error' in ack) return afterSeq === null ? undefined : this.deps.resync();
    if (ack.resyncRequired) {
      this.counters.resyncsRequired += 1;
      return this.deps.resync();
    }
    if (afterSeq === null) return;
    this.counters.replays += 1;
    this.counters.replayedEvents += ack.replayed ?? 0;
    // The server replayed up to its head, which no seq we know of (a heartbeat's included) is past:
    // a hole left is one that never existed (a rolled-back append).
    this.deps.sequencer.coverTo(this.deps.sequencer.highestKnown());
  }
}
