// The live mode and hybrid interval, shared by all instances.

import type { RealtimeSettings } from '../../../domain/realtime/realtime-mode.js';

export interface RealtimeSettingsStore {
  get(): Promise<RealtimeSettings>;
}

/** Inside a publication's transaction: store new settings. */
export interface RealtimeSettingsWrite {
  set(settings: RealtimeSettings): Promise<void>;
}
