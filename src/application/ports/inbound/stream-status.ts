// Where the live stream stands: what heartbeats carry, so a client that missed an event notices.

import type { RealtimeSettings } from '../../../domain/realtime/realtime-mode.js';

export interface StreamStatus {
  readonly seq: number;
  readonly serverNowEpochMs: number;
  readonly settings: RealtimeSettings;
}

export interface GetStreamStatusUseCase {
  execute(): Promise<StreamStatus>;
}
