// What the live stream reports about itself: metrics and logs listen here (adapters/observability).

import type { LiveEventReason } from '../../../domain/realtime/realtime-mode.js';
import type { RecordedLiveChange } from './outbox.js';

export type LiveStage = 'record' | 'emit' | 'schedule' | 'reconcile';

export interface PublicationObserver {
  /** A change was emitted to the live topic at `emittedAt`. */
  emitted(change: RecordedLiveChange, emittedAt: number, resent: boolean): void;
  /**
   * A card asked to be published had nothing left to publish: another publication (a wake-up on
   * another instance, the reconcile job, an earlier seat flush) committed the same change first.
   */
  duplicateSuppressed(concertId: number, reason: LiveEventReason): void;
  /** A background step failed; the reconcile job will repair it. */
  failed(stage: LiveStage, error: unknown): void;
}
