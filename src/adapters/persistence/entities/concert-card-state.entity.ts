// The `concert_card_state` table as MikroORM metadata: what was last published per concert.

import { defineEntity, p } from '@mikro-orm/core';
import { ConcertEntity } from './concert.entity.js';

export const ConcertCardStateEntity = defineEntity({
  name: 'ConcertCardStateEntity',
  tableName: 'concert_card_state',
  properties: {
    concert: () => p.oneToOne(ConcertEntity).primary().owner().fieldName('concert_id').deleteRule('cascade'),
    version: p.integer(),
    publishedStatus: p.text().fieldName('published_status'),
    publishedAvailableSeatCount: p.integer().fieldName('published_available_seat_count'),
    nextBoundaryAt: p.datetime().columnType('timestamptz').fieldName('next_boundary_at').nullable(),
    updatedAt: p.datetime().columnType('timestamptz').fieldName('updated_at').defaultRaw('now()'),
  },
});
