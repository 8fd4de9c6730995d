// The `live_event` table (the outbox) as MikroORM metadata. `seq` is the stream sequence.

import { defineEntity, p } from '@mikro-orm/core';

export const LiveEventEntity = defineEntity({
  name: 'LiveEventEntity',
  tableName: 'live_event',
  properties: {
    seq: p.bigint('number').primary().autoincrement(),
    reason: p.text(),
    items: p.json().columnType('jsonb'),
    removedIds: p.json().columnType('jsonb').fieldName('removed_ids'),
    boundaryAt: p.datetime().columnType('timestamptz').fieldName('boundary_at').nullable(),
    recordedAt: p.datetime().columnType('timestamptz').fieldName('recorded_at'),
    sentAt: p.datetime().columnType('timestamptz').fieldName('sent_at').nullable(),
  },
});
