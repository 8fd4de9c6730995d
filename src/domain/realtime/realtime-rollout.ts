// Where the realtime mode in force comes from (CONTRACT.md, "Realtime modes"): the deployment's
// configuration is a rollout, and the admin API an override. A configured value takes effect when
// an instance starts with a value different from the one configuration last applied — the next
// deploy that changes it; the admin API then overrides it until configuration changes again. An
// instance restarted with an unchanged configuration keeps whatever is in force, an admin override
// included. Every change records its source and the instant (the application's clock).

import type { RealtimeSettings } from './realtime-mode.js';

export type RealtimeSettingsSource = 'configuration' | 'admin';

export interface RealtimeSettingsRecord {
  /** The settings in force. */
  readonly settings: RealtimeSettings;
  readonly source: RealtimeSettingsSource;
  /** When they came into force (epoch ms). */
  readonly changedAt: number;
  /** What configuration said when it last took effect; null when it never has (a stored value from before rollouts). */
  readonly configured: RealtimeSettings | null;
}

export function sameSettings(a: RealtimeSettings, b: RealtimeSettings): boolean {
  return a.mode === b.mode && a.hybridPollIntervalMillis === b.hybridPollIntervalMillis;
}

/** The record an instance starting with `configured` stores, or null to keep what is stored. */
export function afterStart(stored: RealtimeSettingsRecord | null, configured: RealtimeSettings, now: number): RealtimeSettingsRecord | null {
  if (stored?.configured && sameSettings(stored.configured, configured)) return null;
  return { settings: configured, source: 'configuration', changedAt: now, configured };
}

/** The record an admin switch stores: in force until configuration changes. */
export function adminOverride(stored: RealtimeSettingsRecord | null, settings: RealtimeSettings, now: number): RealtimeSettingsRecord {
  return { settings, source: 'admin', changedAt: now, configured: stored?.configured ?? null };
}
