// Admin switch of the live mode: stored for every instance and announced on the stream in one
// transaction, so every connected client follows it without reload.

import type { RealtimeSettings } from '../../domain/realtime/realtime-mode.js';
import type { Clock } from '../ports/clock.js';
import type { UnitOfWork } from '../ports/unit-of-work.js';
import type { EmitLiveChange } from './emit-live-change.js';

export class ChangeRealtimeSettings {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly emitter: EmitLiveChange,
    private readonly clock: Clock,
  ) {}

  async execute(settings: RealtimeSettings): Promise<RealtimeSettings> {
    const now = this.clock.now();
    const recorded = await this.unitOfWork.transaction(async (stores) => {
      await stores.settings.set(settings);
      return stores.outbox.append({ reason: 'REALTIME_MODE_CHANGED', items: [], removedIds: [], boundaryAt: null }, now);
    });
    await this.emitter.emit(recorded);
    return settings;
  }
}
