// Server time as the answers state it (ISO-8601 with milliseconds, and epoch ms), formatted once per
// millisecond: requests answered within the same millisecond share one frozen object instead of each
// formatting the same Date again.

import type { ServerTime } from '../../../contract/wire.js';
import { serverTime } from '../../../contract/wire-projection.js';

let lastMs = Number.NaN;
let last: ServerTime = Object.freeze(serverTime(0));

export function serverTimeAt(epochMs: number): ServerTime {
  if (epochMs !== lastMs) {
    last = Object.freeze(serverTime(epochMs));
    lastMs = epochMs;
  }
  return last;
}
