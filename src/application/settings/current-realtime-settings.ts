// The realtime mode every instance reports. Read from the shared store at most once a second per
// instance, so snapshots and heartbeats follow an admin switch on every instance within a second.

import type { RealtimeSettings } from '../../domain/realtime/realtime-mode.js';
import type { Clock } from '../ports/clock.js';
import type { RealtimeSettingsStore } from '../ports/outbound/realtime-settings-store.js';

export const SETTINGS_MAX_AGE_MS = 1_000;

export class CurrentRealtimeSettings {
  private cached: { readonly settings: RealtimeSettings; readonly readAt: number } | null = null;

  constructor(
    private readonly store: Pick<RealtimeSettingsStore, 'get'>,
    private readonly clock: Clock,
  ) {}

  async get(): Promise<RealtimeSettings> {
    const now = this.clock.now();
    if (this.cached && now - this.cached.readAt < SETTINGS_MAX_AGE_MS) return this.cached.settings;
    return this.refresh();
  }

  async refresh(): Promise<RealtimeSettings> {
    const settings = await this.store.get();
    this.cached = { settings, readAt: this.clock.now() };
    return settings;
  }
}
