// After commit: hand a recorded change to this instance's relay (its own sockets get it whatever
// Redis does), publish it to the other instances, mark its outbox row sent, and ask the scheduler
// for the boundaries the publication stored. A change that fails to go out stays unsent and the
// reconcile job sends it again (relays drop repeats; an instance that missed it fills it from the
// outbox); a wake-up that cannot be scheduled is left to the reconcile job too, which publishes any
// stored boundary that passed.

import type { Clock } from '../ports/clock.js';
import type { LiveEventPublisher } from '../ports/outbound/live-event-publisher.js';
import type { RecordedLiveChange, UnsentChanges } from '../ports/outbound/outbox.js';
import type { PublicationObserver } from '../ports/outbound/publication-observer.js';
import type { TransitionScheduler } from '../ports/outbound/transition-scheduler.js';
import type { LiveStreamRelay } from '../relay/live-stream-relay.js';
import type { CurrentRealtimeSettings } from '../settings/current-realtime-settings.js';
import type { StreamPosition } from './stream-position.js';

export class LiveDelivery {
  constructor(
    private readonly relay: Pick<LiveStreamRelay, 'receive'>,
    private readonly publisher: LiveEventPublisher,
    private readonly unsent: UnsentChanges,
    private readonly scheduler: TransitionScheduler,
    private readonly settings: CurrentRealtimeSettings,
    private readonly clock: Clock,
    private readonly observer: PublicationObserver,
    private readonly position: StreamPosition,
  ) {}

  /** Sends `change` (if any), then asks for a wake-up at each instant. Never throws. */
  async afterCommit(change: RecordedLiveChange | null, wakeAt: readonly number[]): Promise<void> {
    if (change) await this.send(change, false);
    for (const instant of new Set(wakeAt)) {
      try {
        await this.scheduler.wakeAt(instant);
      } catch (error) {
        this.observer.failed('schedule', error);
      }
    }
  }

  /** Returns true when the change went out and was marked sent. Never throws. */
  async send(change: RecordedLiveChange, resent: boolean): Promise<boolean> {
    this.position.advance(change.seq);
    try {
      const settings = change.reason === 'REALTIME_MODE_CHANGED' ? await this.settings.refresh() : await this.settings.get();
      const emittedAt = this.clock.now();
      const event = { ...change, settings, serverNowEpochMs: emittedAt };
      this.relay.receive(event);
      await this.publisher.publish(event);
      this.observer.emitted(change, emittedAt, resent);
      await this.unsent.markSent(change.seq, this.clock.now());
      return true;
    } catch (error) {
      this.observer.failed('emit', error);
      return false;
    }
  }
}
