// Fakes of the non-storage outbound ports for application tests: a publisher and a scheduler that
// record what they were asked (and can be made to fail), an observer that counts, a timer the test
// fires by hand.

import type { LiveEvent, LiveEventPublisher } from '../../../src/application/ports/outbound/live-event-publisher.js';
import type { CatalogueNotice, LocalFanOut } from '../../../src/application/ports/outbound/local-fan-out.js';
import type { RelayObserver, ReplaySource } from '../../../src/application/ports/outbound/relay-observer.js';
import type { RecordedLiveChange } from '../../../src/application/ports/outbound/outbox.js';
import type { LiveStage, PublicationObserver } from '../../../src/application/ports/outbound/publication-observer.js';
import type { Timer } from '../../../src/application/ports/outbound/timer.js';
import type { TransitionScheduler } from '../../../src/application/ports/outbound/transition-scheduler.js';
import type { LiveEventReason } from '../../../src/domain/realtime/realtime-mode.js';

export class RecordingPublisher implements LiveEventPublisher {
  readonly events: LiveEvent[] = [];
  /** While set, publish() rejects with it (the live topic is down). */
  failure: Error | null = null;

  async publish(event: LiveEvent): Promise<void> {
    if (this.failure) throw this.failure;
    this.events.push(event);
  }

  seqs(): number[] {
    return this.events.map((event) => event.seq);
  }
}

export class RecordingScheduler implements TransitionScheduler {
  readonly wakeUps: number[] = [];
  failure: Error | null = null;

  async wakeAt(instant: number): Promise<void> {
    if (this.failure) throw this.failure;
    this.wakeUps.push(instant);
  }
}

export class RecordingObserver implements PublicationObserver {
  readonly emits: { change: RecordedLiveChange; resent: boolean }[] = [];
  readonly duplicates: { concertId: number; reason: LiveEventReason }[] = [];
  readonly failures: { stage: LiveStage; error: unknown }[] = [];

  emitted(change: RecordedLiveChange, _emittedAt: number, resent: boolean): void {
    this.emits.push({ change, resent });
  }

  duplicateSuppressed(concertId: number, reason: LiveEventReason): void {
    this.duplicates.push({ concertId, reason });
  }

  failed(stage: LiveStage, error: unknown): void {
    this.failures.push({ stage, error });
  }
}

/** What the relay handed this instance's sockets, in order. */
export class RecordingFanOut implements LocalFanOut {
  readonly delivered: { event: LiveEvent; epoch: string }[] = [];
  readonly notices: CatalogueNotice[] = [];

  deliver(event: LiveEvent, epoch: string): void {
    this.delivered.push({ event, epoch });
  }

  notice(notice: CatalogueNotice): void {
    this.notices.push(notice);
  }

  seqs(): number[] {
    return this.delivered.map(({ event }) => event.seq);
  }
}

export class RecordingRelayObserver implements RelayObserver {
  filledCount = 0;
  lateCount = 0;
  readonly replays: { source: ReplaySource; events: number }[] = [];
  readonly failures: unknown[] = [];

  filled(count: number): void {
    this.filledCount += count;
  }

  deliveredLate(count: number): void {
    this.lateCount += count;
  }

  replayed(source: ReplaySource, events: number): void {
    this.replays.push({ source, events });
  }

  failed(error: unknown): void {
    this.failures.push(error);
  }
}

/** A timer whose pending tasks run only when the test fires them. */
export class ManualTimer implements Timer {
  readonly pending: { delayMs: number; task: () => void; cancelled: boolean }[] = [];

  after(delayMs: number, task: () => void): () => void {
    const entry = { delayMs, task, cancelled: false };
    this.pending.push(entry);
    return () => (entry.cancelled = true);
  }

  fire(): void {
    for (const entry of this.pending.splice(0)) if (!entry.cancelled) entry.task();
  }
}
