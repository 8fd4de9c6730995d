// After commit: send a recorded change to the live topic, then mark its outbox row sent. A change
// that fails to go out stays unsent and the reconcile job sends it again; clients drop repeats.

import type { Clock } from '../ports/clock.js';
import type { LiveEventOutbox, RecordedLiveChange } from '../ports/live-event-outbox.js';
import type { LiveEventPublisher } from '../ports/live-event-publisher.js';
import type { PublicationObserver } from '../ports/publication-observer.js';
import type { CurrentRealtimeSettings } from './current-realtime-settings.js';
import type { StreamPosition } from './stream-position.js';

export class EmitLiveChange {
  constructor(
    private readonly publisher: LiveEventPublisher,
    private readonly outbox: LiveEventOutbox,
    private readonly settings: CurrentRealtimeSettings,
    private readonly clock: Clock,
    private readonly observer: PublicationObserver,
    private readonly position: StreamPosition,
  ) {}

  /** Returns true when the change went out and was marked sent. Never throws. */
  async emit(change: RecordedLiveChange, resent = false): Promise<boolean> {
    this.position.advance(change.seq);
    try {
      const settings = change.reason === 'REALTIME_MODE_CHANGED' ? await this.settings.refresh() : await this.settings.get();
      const emittedAt = this.clock.now();
      await this.publisher.publish({ ...change, settings, serverNowEpochMs: emittedAt });
      this.observer.emitted(change, emittedAt, resent);
      await this.outbox.markSent(change.seq, this.clock.now());
      return true;
    } catch (error) {
      this.observer.failed('emit', error);
      return false;
    }
  }
}
