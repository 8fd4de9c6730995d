// `PUT /api/admin/realtime` body → domain RealtimeSettings.

import { z } from 'zod';
import { REALTIME_MODES, type RealtimeSettings } from '../../../domain/realtime/realtime-mode.js';
import { parseOrReject } from './parse-or-reject.js';

export const POLL_INTERVAL_MIN = 1_000;
export const POLL_INTERVAL_MAX = 3_600_000;

const modeMessage = `mode must be one of ${REALTIME_MODES.join('|')}`;
const intervalMessage = `hybridPollIntervalMillis must be an integer from ${POLL_INTERVAL_MIN} to ${POLL_INTERVAL_MAX}`;

const schema = z.strictObject({
  mode: z.enum(REALTIME_MODES, { error: modeMessage }),
  hybridPollIntervalMillis: z
    .number({ error: intervalMessage })
    .int({ error: intervalMessage })
    .min(POLL_INTERVAL_MIN, { error: intervalMessage })
    .max(POLL_INTERVAL_MAX, { error: intervalMessage }),
});

export function parseRealtimeSettings(body: unknown): RealtimeSettings {
  return parseOrReject(schema, body);
}
