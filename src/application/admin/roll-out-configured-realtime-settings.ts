// At start-up: the configured realtime mode takes effect if it differs from what configuration last
// applied (a deploy that changes it), else what is in force stays, an admin override included
// (domain/realtime/realtime-rollout.ts). A change is announced on the stream like an admin switch,
// so clients of the instances still running follow it at once. Instances starting together take
// turns on the settings row: the first applies, the others find it applied.

import type { RealtimeSettings } from '../../domain/realtime/realtime-mode.js';
import { afterStart, sameSettings, type RealtimeSettingsRecord } from '../../domain/realtime/realtime-rollout.js';
import type { CardPublication } from '../publication/card-publication.js';

export interface RolloutResult {
  /** The record in force after the start. */
  readonly inForce: RealtimeSettingsRecord;
  /** True when this start applied the configured settings. */
  readonly applied: boolean;
}

export class RollOutConfiguredRealtimeSettings {
  constructor(private readonly publication: CardPublication) {}

  async execute(configured: RealtimeSettings): Promise<RolloutResult> {
    let result: RolloutResult | null = null;
    await this.publication.publish({
      reason: 'REALTIME_MODE_CHANGED',
      concertIds: [],
      write: async (stores, { now }) => {
        const stored = await stores.settings.lockRecord();
        const next = afterStart(stored, configured, now);
        if (next === null) {
          result = { inForce: stored as RealtimeSettingsRecord, applied: false };
          return {};
        }
        await stores.settings.write(next);
        result = { inForce: next, applied: true };
        return { announce: stored === null || !sameSettings(stored.settings, next.settings) };
      },
    });
    return result as unknown as RolloutResult;
  }
}
