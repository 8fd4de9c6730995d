// Where the live stream stands, for heartbeats: the latest committed seq, server time and mode.

import type { Clock } from '../ports/clock.js';
import type { GetStreamStatusUseCase, StreamStatus } from '../ports/inbound/stream-status.js';
import type { StreamHead } from '../ports/outbound/outbox.js';
import type { CurrentRealtimeSettings } from '../settings/current-realtime-settings.js';

export class GetStreamStatus implements GetStreamStatusUseCase {
  constructor(
    private readonly head: StreamHead,
    private readonly settings: CurrentRealtimeSettings,
    private readonly clock: Clock,
  ) {}

  async execute(): Promise<StreamStatus> {
    const [seq, settings] = await Promise.all([this.head.latestSeq(), this.settings.get()]);
    return { seq, settings, serverNowEpochMs: this.clock.now() };
  }
}
