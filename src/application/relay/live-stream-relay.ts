// This instance's relay of the live stream: every change published anywhere reaches it (its own
// through LiveDelivery, the others' through Redis), and it hands them to this instance's sockets in
// seq order, each once. A gap (a seq missing below one it holds, or below the head it reads) is
// waited for briefly, then filled from the outbox: appends commit in seq order, so once a seq is
// committed every lower one has committed or never will, and the outbox answers definitively
// (a seq it lacks below a committed one is a rolled-back append, skipped). Only when the outbox
// cannot be read for `maxHoldMs` are held changes sent past the gap; the gap is filled late, when
// it can be. `contiguous` is then what the heartbeat reports: every change up to it was sent.
//
// It also keeps the recent tail for replay (StreamRing, the outbox for older positions) and gathers
// what delivered changes did to the catalogue into one notice per `noticeWindowMs`.

import { CatalogueChanges } from '../../domain/card/catalogue-change.js';
import type { Clock } from '../ports/clock.js';
import type { LiveStreamRelayUseCase, ReplayOutcome } from '../ports/inbound/live-stream.js';
import type { StreamStatus } from '../ports/inbound/stream-status.js';
import type { LiveEvent } from '../ports/outbound/live-event-publisher.js';
import type { LocalFanOut } from '../ports/outbound/local-fan-out.js';
import type { ChangeHistory, RecordedLiveChange, StreamHead } from '../ports/outbound/outbox.js';
import type { RelayObserver } from '../ports/outbound/relay-observer.js';
import type { Timer } from '../ports/outbound/timer.js';
import type { CurrentRealtimeSettings } from '../settings/current-realtime-settings.js';
import { StreamRing, type RingLimits } from './stream-ring.js';

export interface RelayTuning {
  /** How long a missing seq may take to arrive before it is read from the outbox. */
  readonly gapWaitMs: number;
  /** How long changes are held behind a gap the outbox cannot fill before they go out anyway. */
  readonly maxHoldMs: number;
  /** Catalogue changes within one window make one notice. */
  readonly noticeWindowMs: number;
  readonly ring: RingLimits;
  /** A replay longer than this is refused (a snapshot is cheaper). */
  readonly maxReplayEvents: number;
}

const FILL_BATCH = 500;
/** The longest wait between fills while the outbox cannot be read. */
const MAX_FILL_BACKOFF_MS = 2_000;

export class LiveStreamRelay implements LiveStreamRelayUseCase {
  private epoch = '';
  private contiguous = 0;
  /** Delivered past a gap that could not be filled in time. */
  private readonly beyond = new Set<number>();
  private readonly pending = new Map<number, { readonly event: LiveEvent; readonly since: number }>();
  /** The highest seq known to be committed (from an event or the head). */
  private known = 0;
  private ring: StreamRing;
  private filling: Promise<void> | null = null;
  private cancelFill: (() => void) | null = null;
  /** Fills that failed in a row (the outbox unreachable): the next waits longer. */
  private failedFills = 0;
  private readonly notice = new CatalogueChanges();
  private cancelNotice: (() => void) | null = null;

  constructor(
    private readonly history: ChangeHistory,
    private readonly head: StreamHead,
    private readonly settings: CurrentRealtimeSettings,
    private readonly fanOut: LocalFanOut,
    private readonly timer: Timer,
    private readonly clock: Clock,
    private readonly observer: RelayObserver,
    private readonly tuning: RelayTuning,
  ) {
    this.ring = new StreamRing(tuning.ring, 0);
  }

  /** Starts at the head: what was committed before this instance ran is history, not news. */
  async start(): Promise<void> {
    const { seq, epoch } = await this.head.position();
    this.reset(seq, epoch);
  }

  receive(event: LiveEvent): void {
    if (this.isKnown(event.seq)) return;
    this.known = Math.max(this.known, event.seq);
    this.pending.set(event.seq, { event, since: this.clock.now() });
    this.drain();
  }

  async status(): Promise<StreamStatus> {
    return { seq: this.contiguous, epoch: this.epoch, settings: await this.settings.get(), serverNowEpochMs: this.clock.now() };
  }

  async checkHead(): Promise<void> {
    let position;
    try {
      position = await this.head.position();
    } catch (error) {
      this.observer.failed(error);
      return;
    }
    if (position.epoch !== this.epoch) return this.reset(position.seq, position.epoch);
    if (position.seq > this.contiguous) {
      this.known = Math.max(this.known, position.seq);
      this.scheduleFill();
    }
  }

  async replay(afterSeq: number, epoch: string): Promise<ReplayOutcome> {
    if (epoch !== this.epoch) return this.refuse();
    if (afterSeq > Math.max(this.contiguous, this.known)) {
      // Ahead of all this instance knows: another instance was further along, or the client's seqs
      // come from a history the database no longer has (a restore).
      const head = await this.head.position().catch(() => null);
      if (head === null || head.epoch !== this.epoch || afterSeq > head.seq) return this.refuse();
      return this.served('ring', []);
    }
    if (this.ring.covers(afterSeq)) return this.served('ring', this.ring.after(afterSeq) as LiveEvent[]);
    // Older than the ring: the outbox holds what the ring dropped (or never had), the ring the rest.
    const limit = this.tuning.maxReplayEvents;
    const [{ changes, floorSeq }, settings] = await Promise.all([this.history.readAfter(afterSeq, limit + 1), this.settings.get()]);
    const ringFloor = this.ring.floorSeq(); // read after the await: the ring may have dropped more meanwhile
    const older = changes.filter((change) => change.seq <= ringFloor);
    const readAllOlder = changes.length <= limit || (changes.at(-1) as RecordedLiveChange).seq > ringFloor;
    if (afterSeq < floorSeq - 1 || !readAllOlder || older.length > limit) return this.refuse();
    return this.served('outbox', [...older.map((change) => this.asEvent(change, settings)), ...(this.ring.after(ringFloor) as LiveEvent[])]);
  }

  private served(source: 'ring' | 'outbox', events: LiveEvent[]): ReplayOutcome {
    this.observer.replayed(source, events.length);
    const catalogue = new CatalogueChanges();
    for (const event of events) if (event.catalogue) catalogue.merge(event.catalogue);
    return { resyncRequired: false, events, catalogue: catalogue.result() };
  }

  private refuse(): ReplayOutcome {
    this.observer.replayed('resync', 0);
    return { resyncRequired: true };
  }

  private isKnown(seq: number): boolean {
    return seq <= this.contiguous || this.beyond.has(seq) || this.pending.has(seq);
  }

  /** Delivers what is next in order; schedules a fill while a gap remains. */
  private drain(): void {
    for (let next = this.pending.get(this.contiguous + 1); next !== undefined; next = this.pending.get(this.contiguous + 1)) {
      this.pending.delete(this.contiguous + 1);
      this.deliver(next.event);
      this.contiguous += 1;
      while (this.beyond.delete(this.contiguous + 1)) this.contiguous += 1;
    }
    if (this.pending.size > 0 || this.known > this.contiguous) this.scheduleFill();
  }

  private deliver(event: LiveEvent): void {
    this.ring.add(event);
    this.fanOut.deliver(event, this.epoch);
    if (event.catalogue) {
      this.notice.merge(event.catalogue);
      this.cancelNotice ??= this.timer.after(this.tuning.noticeWindowMs, () => void this.flushNotice());
    }
  }

  private async flushNotice(): Promise<void> {
    this.cancelNotice = null;
    const change = this.notice.result();
    this.notice.clear();
    if (change === null) return;
    const settings = await this.settings.get().catch(() => null);
    if (settings === null) return;
    this.fanOut.notice({ ...change, seq: this.contiguous, epoch: this.epoch, settings, serverNowEpochMs: this.clock.now() });
  }

  private scheduleFill(): void {
    if (this.filling !== null || this.cancelFill !== null) return;
    const waitMs = Math.min(this.tuning.gapWaitMs * 2 ** this.failedFills, Math.max(this.tuning.gapWaitMs, MAX_FILL_BACKOFF_MS));
    this.cancelFill = this.timer.after(waitMs, () => {
      this.cancelFill = null;
      this.filling = this.fill().finally(() => {
        this.filling = null;
        if (this.pending.size > 0 || this.known > this.contiguous) this.scheduleFill();
      });
    });
  }

  /** Reads what is missing below the highest committed seq known, and delivers it in order. */
  private async fill(): Promise<void> {
    const upTo = this.known;
    try {
      while (this.contiguous < upTo) {
        const { changes } = await this.history.readAfter(this.contiguous, FILL_BATCH);
        const settings = await this.settings.get();
        const batchEnd = changes.length === FILL_BATCH ? (changes.at(-1) as RecordedLiveChange).seq : upTo;
        const missing = changes.filter((change) => change.seq <= batchEnd && !this.isKnown(change.seq));
        for (const change of missing) this.pending.set(change.seq, { event: this.asEvent(change, settings), since: this.clock.now() });
        if (missing.length > 0) this.observer.filled(missing.length);
        this.skipHolesUpTo(batchEnd);
        if (changes.length < FILL_BATCH) break;
      }
      this.failedFills = 0;
    } catch (error) {
      this.failedFills += 1;
      this.observer.failed(error);
      this.releaseHeldTooLong();
    }
  }

  /** Every seq up to `seq` (a committed one) that is neither held nor delivered never will be: skip it. */
  private skipHolesUpTo(seq: number): void {
    for (let next = this.contiguous + 1; next <= seq; next += 1) {
      const held = this.pending.get(next);
      if (held) {
        this.pending.delete(next);
        this.deliver(held.event);
      } else if (this.beyond.has(next)) {
        this.beyond.delete(next);
      } else {
        continue; // a hole: nothing to send
      }
    }
    this.contiguous = Math.max(this.contiguous, seq);
    this.drain();
  }

  /** The outbox cannot be read: changes held longer than maxHoldMs go out past the gap. */
  private releaseHeldTooLong(): void {
    const now = this.clock.now();
    const overdue = [...this.pending.entries()].filter(([, held]) => now - held.since >= this.tuning.maxHoldMs).sort(([a], [b]) => a - b);
    for (const [seq, held] of overdue) {
      this.pending.delete(seq);
      this.beyond.add(seq);
      this.deliver(held.event);
    }
    if (overdue.length > 0) this.observer.deliveredLate(overdue.length);
  }

  private asEvent(change: RecordedLiveChange, settings: LiveEvent['settings']): LiveEvent {
    return { ...change, settings, serverNowEpochMs: this.clock.now() };
  }

  private reset(seq: number, epoch: string): void {
    this.epoch = epoch;
    this.contiguous = seq;
    this.known = seq;
    this.beyond.clear();
    this.pending.clear();
    this.ring.reset(seq);
  }
}
