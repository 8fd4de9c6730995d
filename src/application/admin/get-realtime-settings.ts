// What an operator reads: the realtime settings in force, where they came from and since when,
// read from the shared store (not the per-instance cache).

import type { RealtimeSettingsRecord } from '../../domain/realtime/realtime-rollout.js';
import type { GetRealtimeSettingsUseCase } from '../ports/inbound/concert-admin.js';
import type { RealtimeSettingsStore } from '../ports/outbound/realtime-settings-store.js';

export class GetRealtimeSettings implements GetRealtimeSettingsUseCase {
  constructor(private readonly store: RealtimeSettingsStore) {}

  execute(): Promise<RealtimeSettingsRecord> {
    return this.store.record();
  }
}
