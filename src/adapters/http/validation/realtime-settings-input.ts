// `PUT /api/admin/realtime` body → domain RealtimeSettings.

import { z } from 'zod';
import { POLL_INTERVAL_MAX_MS, POLL_INTERVAL_MIN_MS, REALTIME_MODES, type RealtimeSettings } from '../../../domain/realtime/realtime-mode.js';
import { parseOrReject } from './parse-or-reject.js';

const modeMessage = `mode must be one of ${REALTIME_MODES.join('|')}`;
const intervalMessage = `hybridPollIntervalMillis must be an integer from ${POLL_INTERVAL_MIN_MS} to ${POLL_INTERVAL_MAX_MS}`;

const schema = z.strictObject({
  mode: z.enum(REALTIME_MODES, { error: modeMessage }),
  hybridPollIntervalMillis: z
    .number({ error: intervalMessage })
    .int({ error: intervalMessage })
    .min(POLL_INTERVAL_MIN_MS, { error: intervalMessage })
    .max(POLL_INTERVAL_MAX_MS, { error: intervalMessage }),
});

export function parseRealtimeSettings(body: unknown): RealtimeSettings {
  return parseOrReject(schema, body);
}
