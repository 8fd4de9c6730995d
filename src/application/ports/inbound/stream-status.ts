// Where the live stream stands for an instance's sockets: what heartbeats carry (the relay reports it).

import type { RealtimeSettings } from '../../../domain/realtime/realtime-mode.js';

export interface StreamStatus {
  readonly seq: number;
  readonly epoch: string;
  readonly serverNowEpochMs: number;
  readonly settings: RealtimeSettings;
}
