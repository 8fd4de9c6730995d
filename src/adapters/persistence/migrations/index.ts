// The migrations, oldest first. Listed in code (not discovered on disk) so the compiled service
// carries them and `migrate()` works wherever it runs.

import { Migration20260301000000InitialSchema } from './Migration20260301000000_initial_schema.js';
import { Migration20260301000100ConcertCount } from './Migration20260301000100_concert_count.js';
import { Migration20260401000000ReservationRequest } from './Migration20260401000000_reservation_request.js';
import { Migration20260401000100RealtimeSettingOrigin } from './Migration20260401000100_realtime_setting_origin.js';
import { Migration20261201000000StreamEpoch } from './Migration20261201000000_stream_epoch.js';

export const MIGRATIONS = [
  { name: 'Migration20260301000000_initial_schema', class: Migration20260301000000InitialSchema },
  { name: 'Migration20260301000100_concert_count', class: Migration20260301000100ConcertCount },
  { name: 'Migration20260401000000_reservation_request', class: Migration20260401000000ReservationRequest },
  { name: 'Migration20260401000100_realtime_setting_origin', class: Migration20260401000100RealtimeSettingOrigin },
  { name: 'Migration20261201000000_stream_epoch', class: Migration20261201000000StreamEpoch },
];
