// Admin switch of the live mode: stored for every instance and announced on the stream in one
// transaction, so every connected client follows it without reload. It overrides the configured
// mode until configuration changes (domain/realtime/realtime-rollout.ts).

import type { RealtimeSettings } from '../../domain/realtime/realtime-mode.js';
import { adminOverride } from '../../domain/realtime/realtime-rollout.js';
import type { ChangeRealtimeSettingsUseCase } from '../ports/inbound/concert-admin.js';
import type { CardPublication } from '../publication/card-publication.js';

export class ChangeRealtimeSettings implements ChangeRealtimeSettingsUseCase {
  constructor(private readonly publication: CardPublication) {}

  async execute(settings: RealtimeSettings): Promise<RealtimeSettings> {
    await this.publication.publish({
      reason: 'REALTIME_MODE_CHANGED',
      concertIds: [],
      write: async (stores, { now }) => {
        await stores.settings.write(adminOverride(await stores.settings.lockRecord(), settings, now));
        return { announce: true };
      },
    });
    return settings;
  }
}
