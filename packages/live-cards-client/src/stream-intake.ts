// Applying the live stream and snapshots to the client's cards (CONTRACT.md "Stream guarantees"):
// events by card version, deduplicated by seq; heartbeats as the stream head; a snapshot as the
// position everything up to its seq is known from (one older than one applied is ignored whole). A client behind the head (a seq
// missing for `gapWaitMs`) asks for a replay from its last contiguous seq. A socket watching some
// cards only has holes in its seqs by design, so there a gap shows as a card version that jumped
// by more than one, and the replay starts from the seq that set the card's previous version.
// Another epoch means the seqs are not comparable: the snapshot is read. Catalogue notices carry
// no card and may repeat a seq: they are passed on for views to decide a re-read.

import type { CardStore } from './card-store.js';
import type { StreamSequencer } from './stream-sequencer.js';
import type { WatchReplay } from './watch-replay.js';
import type { HeartbeatEvent, RefreshEvent, SearchResponse } from './wire.js';

export interface StreamIntakeDeps {
  readonly store: CardStore;
  readonly sequencer: StreamSequencer;
  readonly replay: WatchReplay;
  readonly gapWaitMs: number;
  /** The snapshot must be read (another epoch). */
  readonly resync: () => void;
  /** An event that changed something (or a notice), to pass on. */
  readonly applied: (event: RefreshEvent) => void;
  readonly beat: (heartbeat: HeartbeatEvent) => void;
}

export class StreamIntake {
  private gapTimer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;
  private readonly counters = { eventsReceived: 0, duplicatesDropped: 0, staleCardsIgnored: 0, staleSnapshotsIgnored: 0, heartbeats: 0, gaps: 0, versionGaps: 0 };

  /** Events that came while a replay request was in flight, applied in seq order at its ack. */
  private held: RefreshEvent[] = [];

  constructor(private readonly deps: StreamIntakeDeps) {
    deps.replay.whenReleased(() => this.applyHeld());
  }

  /** Applies a snapshot; false (nothing changed) when one newer was already applied. */
  snapshot(snapshot: Pick<SearchResponse, 'seq' | 'epoch' | 'items'>): boolean {
    const { store, sequencer, replay } = this.deps;
    if (replay.otherHistory(snapshot.epoch)) {
      // Another history (the outbox reset, a restore): its seqs start afresh, ours mean nothing.
      store.reset();
      sequencer.reset();
    }
    if (!store.applySnapshot(snapshot.seq, snapshot.items)) {
      this.counters.staleSnapshotsIgnored += 1;
      return false;
    }
    sequencer.rebase(snapshot.seq);
    replay.positioned(snapshot.seq, snapshot.epoch);
    return true;
  }

  refresh(event: RefreshEvent): void {
    const { replay } = this.deps;
    this.counters.eventsReceived += 1;
    if (replay.otherHistory(event.epoch)) return this.deps.resync();
    if (event.reason === 'CATALOGUE_CHANGED') return this.deps.applied(event);
    if (replay.holds()) {
      this.held.push(event);
      return;
    }
    this.apply(event);
  }

  private applyHeld(): void {
    const held = this.held.sort((a, b) => a.seq - b.seq);
    this.held = [];
    for (const event of held) this.apply(event);
  }

  private apply(event: RefreshEvent): void {
    const { store, sequencer, replay } = this.deps;
    const verdict = sequencer.accept(event.seq, replay.watchesSome());
    // Within a replay from before our seq (for newly watched cards) an event we seem to have may be news: versions decide.
    if (verdict === 'duplicate' && !replay.replaying()) {
      this.counters.duplicatesDropped += 1;
      return;
    }
    const outcome = store.applyEvent(event.seq, event.items, event.removedIds);
    this.counters.staleCardsIgnored += outcome.stale;
    if (verdict !== 'duplicate' || outcome.upserted + outcome.removed > 0) this.deps.applied(event);
    if (outcome.missedAfterSeq !== null && replay.watchesSome() && !replay.replaying()) {
      this.counters.versionGaps += 1;
      replay.catchUp(outcome.missedAfterSeq);
    }
    this.watchForGap();
  }

  heartbeat(beat: HeartbeatEvent): void {
    this.counters.heartbeats += 1;
    if (this.deps.replay.otherHistory(beat.epoch)) return this.deps.resync();
    if (this.deps.replay.heartbeatCovers()) this.deps.sequencer.coverTo(beat.seq);
    else this.deps.sequencer.observeHead(beat.seq);
    this.deps.beat(beat);
    this.watchForGap();
  }

  /** Behind the known head: give the missing seq `gapWaitMs` to arrive, then ask for a replay. */
  watchForGap(): void {
    const { sequencer } = this.deps;
    if (!sequencer.isBehind()) {
      clearTimeout(this.gapTimer);
      this.gapTimer = undefined;
      return;
    }
    if (this.gapTimer || this.stopped) return;
    this.counters.gaps += 1;
    this.gapTimer = setTimeout(() => {
      this.gapTimer = undefined;
      if (sequencer.isBehind()) this.deps.replay.catchUp(sequencer.lastContiguous());
    }, this.deps.gapWaitMs);
  }

  stats(): Readonly<typeof this.counters> {
    return { ...this.counters };
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.gapTimer);
  }
}
