// Every entity the ORM is told about, in one list for its configuration.

import { ConcertCardStateEntity } from './concert-card-state.entity.js';
import { ConcertEntity } from './concert.entity.js';
import { LiveEventEntity } from './live-event.entity.js';
import { RealtimeSettingEntity } from './realtime-setting.entity.js';

export const ENTITIES = [ConcertEntity, ConcertCardStateEntity, LiveEventEntity, RealtimeSettingEntity];
