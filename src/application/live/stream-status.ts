// Where the live stream stands: what heartbeats carry so a client that missed an event notices.

import type { RealtimeSettings } from '../../domain/realtime/realtime-mode.js';
import type { Clock } from '../ports/clock.js';
import type { LiveEventOutbox } from '../ports/live-event-outbox.js';
import type { CurrentRealtimeSettings } from './current-realtime-settings.js';

export interface StreamStatus {
  readonly seq: number;
  readonly serverNowEpochMs: number;
  readonly settings: RealtimeSettings;
}

export class GetStreamStatus {
  constructor(
    private readonly outbox: LiveEventOutbox,
    private readonly settings: CurrentRealtimeSettings,
    private readonly clock: Clock,
  ) {}

  async execute(): Promise<StreamStatus> {
    const [seq, settings] = await Promise.all([this.outbox.latestSeq(), this.settings.get()]);
    return { seq, settings, serverNowEpochMs: this.clock.now() };
  }
}
