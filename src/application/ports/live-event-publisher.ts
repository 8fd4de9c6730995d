// Sends a committed change to every connected client, on every instance.

import type { RecordedLiveChange } from './live-event-outbox.js';
import type { RealtimeSettings } from '../../domain/realtime/realtime-mode.js';

export interface LiveEvent extends RecordedLiveChange {
  readonly settings: RealtimeSettings;
  readonly serverNowEpochMs: number;
}

export interface LiveEventPublisher {
  publish(event: LiveEvent): Promise<void>;
}
