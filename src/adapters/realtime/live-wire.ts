// Translates what the application publishes (LiveEvent, StreamStatus) into the wire payloads of
// CONTRACT.md "Socket.IO". Pure mapping: the room, the clock and the stream are decided elsewhere.

import type { StreamStatus } from '../../application/ports/inbound/stream-status.js';
import type { LiveEvent } from '../../application/ports/outbound/live-event-publisher.js';
import type { HeartbeatEvent, RefreshEvent } from '../../contract/wire.js';
import { serverTime, toCardJson } from '../../contract/wire-projection.js';

/** The room every `/concerts` socket joins on connection. */
export const LIVE_TOPIC = '/topic/concerts/live';
export const LIVE_NAMESPACE = '/concerts';

export const REFRESH_EVENT = 'CONCERTS_REFRESH';
export const HEARTBEAT_EVENT = 'CONCERTS_HEARTBEAT';
export const TIME_SYNC_EVENT = 'time:sync';

export function toRefreshEvent(event: LiveEvent, instanceId: string): RefreshEvent {
  return {
    event: REFRESH_EVENT,
    seq: event.seq,
    reason: event.reason,
    items: event.items.map(toCardJson),
    removedIds: [...event.removedIds],
    ...serverTime(event.serverNowEpochMs),
    realtimeMode: event.settings.mode,
    hybridPollIntervalMillis: event.settings.hybridPollIntervalMillis,
    instanceId,
  };
}

export function toHeartbeatEvent(status: StreamStatus): HeartbeatEvent {
  return {
    seq: status.seq,
    ...serverTime(status.serverNowEpochMs),
    realtimeMode: status.settings.mode,
    hybridPollIntervalMillis: status.settings.hybridPollIntervalMillis,
  };
}

