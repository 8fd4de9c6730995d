// The live mode and hybrid interval, shared by all instances, with where they came from and when.

import type { RealtimeSettings } from '../../../domain/realtime/realtime-mode.js';
import type { RealtimeSettingsRecord } from '../../../domain/realtime/realtime-rollout.js';

export interface RealtimeSettingsStore {
  get(): Promise<RealtimeSettings>;
  /** The settings in force, their source and since when. */
  record(): Promise<RealtimeSettingsRecord>;
}

/** Inside a publication's transaction. */
export interface RealtimeSettingsWrite {
  /** The stored record, locked to the end of the transaction; null when none is stored yet. */
  lockRecord(): Promise<RealtimeSettingsRecord | null>;
  /** Stores `record` as the one in force. */
  write(record: RealtimeSettingsRecord): Promise<void>;
}
