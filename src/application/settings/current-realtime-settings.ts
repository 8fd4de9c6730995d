// The realtime mode every instance reports. Read from the shared store at most once a second per
// instance, so snapshots and heartbeats follow an admin switch on every instance within a second.
// Callers that find the cached value stale while a read is already in flight share that read:
// a reconnect storm (every new socket's greeting states the mode) costs one read, not one per
// socket. refresh() (after a switch) always starts a read of its own, and the newest read started
// is the one the cache keeps.

import type { RealtimeSettings } from '../../domain/realtime/realtime-mode.js';
import type { Clock } from '../ports/clock.js';
import type { RealtimeSettingsStore } from '../ports/outbound/realtime-settings-store.js';

export const SETTINGS_MAX_AGE_MS = 1_000;

export class CurrentRealtimeSettings {
  private cached: { readonly settings: RealtimeSettings; readonly readAt: number } | null = null;
  private inFlight: Promise<RealtimeSettings> | null = null;
  private readsStarted = 0;

  constructor(
    private readonly store: Pick<RealtimeSettingsStore, 'get'>,
    private readonly clock: Clock,
  ) {}

  get(): Promise<RealtimeSettings> {
    const now = this.clock.now();
    if (this.cached && now - this.cached.readAt < SETTINGS_MAX_AGE_MS) return Promise.resolve(this.cached.settings);
    return this.inFlight ?? this.refresh();
  }

  refresh(): Promise<RealtimeSettings> {
    const read = ++this.readsStarted;
    const reading = this.store.get().then((settings) => {
      if (read === this.readsStarted) this.cached = { settings, readAt: this.clock.now() };
      return settings;
    });
    const settled = (): void => {
      if (this.inFlight === reading) this.inFlight = null;
    };
    reading.then(settled, settled);
    this.inFlight = reading;
    return reading;
  }
}
