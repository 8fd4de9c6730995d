// Server clock estimation from `time:sync` round trips (NTP's idea, one hop): of N samples keep the
// one with the smallest round trip, since its midpoint brackets the server reading most tightly.
// offset = serverNow - (sentAt + rtt / 2), all in the client's local clock, so
// serverNow() = localNow() + offset.

import type { TimeSyncAck } from './wire.js';

export interface ClockSample {
  readonly sentAtLocalMs: number;
  readonly receivedAtLocalMs: number;
  readonly serverNowEpochMs: number;
}

export interface ClockEstimate {
  readonly offsetMs: number;
  readonly roundTripMs: number;
}

export function estimateFrom(sample: ClockSample): ClockEstimate {
  const roundTripMs = sample.receivedAtLocalMs - sample.sentAtLocalMs;
  return { offsetMs: sample.serverNowEpochMs - (sample.sentAtLocalMs + roundTripMs / 2), roundTripMs };
}

export function bestEstimate(samples: readonly ClockSample[]): ClockEstimate | null {
  let best: ClockEstimate | null = null;
  for (const sample of samples) {
    const estimate = estimateFrom(sample);
    if (estimate.roundTripMs < 0) continue;
    if (!best || estimate.roundTripMs < best.roundTripMs) best = estimate;
  }
  return best;
}

/** Takes `count` sequential samples; failed or mismatched round trips are skipped. */
export async function sampleServerClock(
  ask: (sentAtLocalMs: number) => Promise<TimeSyncAck>,
  localNow: () => number,
  count: number,
): Promise<ClockEstimate | null> {
  const samples: ClockSample[] = [];
  for (let i = 0; i < count; i += 1) {
    const sentAtLocalMs = localNow();
    try {
      const ack = await ask(sentAtLocalMs);
      const receivedAtLocalMs = localNow();
      if (ack.clientSentAtMs === sentAtLocalMs && Number.isFinite(ack.serverNowEpochMs)) {
        samples.push({ sentAtLocalMs, receivedAtLocalMs, serverNowEpochMs: ack.serverNowEpochMs });
      }
    } catch {
      // A lost or rate-limited round trip is just one sample fewer.
    }
  }
  return bestEstimate(samples);
}
