// Translates what the application hands the gateway (LiveEvent, CatalogueNotice, StreamStatus) into
// the wire payloads of CONTRACT.md "Socket.IO". Pure mapping: who receives what is decided in
// socket-fan-out.ts.

import type { StreamStatus } from '../../application/ports/inbound/stream-status.js';
import type { LiveEvent } from '../../application/ports/outbound/live-event-publisher.js';
import type { CatalogueNotice } from '../../application/ports/outbound/local-fan-out.js';
import type { CardJson, HeartbeatEvent, RefreshEvent } from '../../contract/wire.js';
import { serverTime, toCardJson } from '../../contract/wire-projection.js';

/** The room of sockets that watch every card (a socket starts there). */
export const ALL_CARDS_ROOM = 'cards:all';
/** The room of sockets that watch card `id`. */
export const cardRoom = (id: number): string => `card:${id}`;
export const LIVE_NAMESPACE = '/concerts';

export const REFRESH_EVENT = 'CONCERTS_REFRESH';
export const HEARTBEAT_EVENT = 'CONCERTS_HEARTBEAT';
export const TIME_SYNC_EVENT = 'time:sync';
export const WATCH_EVENT = 'cards:watch';
/** The server-side event (through the Redis adapter) that carries a change to the other instances. */
export const STREAM_EVENT = 'live:change';

/** The refresh for an event, with all its cards or only `keep` of them (a watch set's). */
export function toRefreshEvent(event: LiveEvent, instanceId: string, epoch: string, keep?: ReadonlySet<number>): RefreshEvent {
  const items: CardJson[] = [];
  for (const card of event.items) if (!keep || keep.has(card.id)) items.push(toCardJson(card));
  return {
    event: REFRESH_EVENT,
    seq: event.seq,
    reason: event.reason,
    items,
    removedIds: keep ? event.removedIds.filter((id) => keep.has(id)) : [...event.removedIds],
    changedIds: [],
    changedFields: [],
    epoch,
    ...serverTime(event.serverNowEpochMs),
    realtimeMode: event.settings.mode,
    hybridPollIntervalMillis: event.settings.hybridPollIntervalMillis,
    instanceId,
  };
}

export function toNoticeEvent(notice: CatalogueNotice, instanceId: string): RefreshEvent {
  return {
    event: REFRESH_EVENT,
    seq: notice.seq,
    reason: 'CATALOGUE_CHANGED',
    items: [],
    removedIds: [],
    changedIds: [...notice.changedIds],
    changedFields: [...notice.changedFields],
    epoch: notice.epoch,
    ...serverTime(notice.serverNowEpochMs),
    realtimeMode: notice.settings.mode,
    hybridPollIntervalMillis: notice.settings.hybridPollIntervalMillis,
    instanceId,
  };
}

export function toHeartbeatEvent(status: StreamStatus): HeartbeatEvent {
  return {
    seq: status.seq,
    epoch: status.epoch,
    ...serverTime(status.serverNowEpochMs),
    realtimeMode: status.settings.mode,
    hybridPollIntervalMillis: status.settings.hybridPollIntervalMillis,
  };
}

/** The ids an event concerns: its cards and the cards it removes. */
export function idsOf(event: LiveEvent): number[] {
  return [...event.items.map((card) => card.id), ...event.removedIds];
}
