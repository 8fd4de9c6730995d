// The single-row `realtime_setting` table as MikroORM metadata: the live mode shared by instances.

import { defineEntity, p } from '@mikro-orm/core';

export const RealtimeSettingEntity = defineEntity({
  name: 'RealtimeSettingEntity',
  tableName: 'realtime_setting',
  properties: {
    id: p.integer().primary().autoincrement(false),
    mode: p.text(),
    hybridPollIntervalMs: p.integer().fieldName('hybrid_poll_interval_ms'),
    updatedAt: p.datetime().columnType('timestamptz').fieldName('updated_at').defaultRaw('now()'),
  },
});
