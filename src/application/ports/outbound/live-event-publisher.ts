// Sends a committed change to every connected client, on every instance.

import type { RealtimeSettings } from '../../../domain/realtime/realtime-mode.js';
import type { RecordedLiveChange } from './outbox.js';

export interface LiveEvent extends RecordedLiveChange {
  readonly settings: RealtimeSettings;
  readonly serverNowEpochMs: number;
}

export interface LiveEventPublisher {
  /** Resolves once the event is on its way to every instance; rejects when it could not be sent. */
  publish(event: LiveEvent): Promise<void>;
}
