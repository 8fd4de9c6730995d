// Sends a committed change to the other instances (each one's relay hands it to its own sockets;
// this instance's relay already has it).

import type { RealtimeSettings } from '../../../domain/realtime/realtime-mode.js';
import type { RecordedLiveChange } from './outbox.js';

export interface LiveEvent extends RecordedLiveChange {
  readonly settings: RealtimeSettings;
  readonly serverNowEpochMs: number;
}

export interface LiveEventPublisher {
  /** Resolves once the event is on its way to every other instance; rejects when it could not be sent. */
  publish(event: LiveEvent): Promise<void>;
}
