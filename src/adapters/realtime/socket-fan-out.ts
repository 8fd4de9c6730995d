// LocalFanOut over Socket.IO: a delivered change goes to this instance's sockets only (`local`),
// each getting what concerns its watch set. Sockets watching everything are one room and get one
// encoding; sockets watching ids are grouped by which of the event's cards they watch, one encoding
// per group, so twenty thousand watchers of the same cards cost one payload. An event that concerns
// no card (a mode switch) goes to every socket. A socket being replayed to is held: what is
// delivered meanwhile is queued for it and sent after the replay, minus what the replay carried.

import type { Namespace, Socket } from 'socket.io';
import type { CatalogueChange } from '../../domain/card/catalogue-change.js';
import type { LiveEvent } from '../../application/ports/outbound/live-event-publisher.js';
import type { CatalogueNotice, LocalFanOut } from '../../application/ports/outbound/local-fan-out.js';
import type { LiveEvents, LiveRequests } from '../../contract/wire.js';
import { ALL_CARDS_ROOM, cardRoom, idsOf, REFRESH_EVENT, toNoticeEvent, toRefreshEvent } from './live-wire.js';

type LiveNamespace = Namespace<LiveRequests, LiveEvents>;
type LiveSocket = Socket<LiveRequests, LiveEvents>;

export class SocketFanOut implements LocalFanOut {
  private readonly held = new Map<string, { socket: LiveSocket; queue: { event: LiveEvent; epoch: string }[] }>();

  constructor(
    private readonly namespace: LiveNamespace,
    private readonly instanceId: string,
    private readonly onDelivered?: (seq: number) => void,
  ) {}

  deliver(event: LiveEvent, epoch: string): void {
    const except = [...this.held.keys()];
    const ids = idsOf(event);
    if (ids.length === 0) {
      this.namespace.local.except(except).emit(REFRESH_EVENT, toRefreshEvent(event, this.instanceId, epoch));
    } else {
      this.namespace.local.to(ALL_CARDS_ROOM).except(except).emit(REFRESH_EVENT, toRefreshEvent(event, this.instanceId, epoch));
      for (const { sockets, keep } of this.watcherGroups(ids)) {
        this.namespace.local.to(sockets).except(except).emit(REFRESH_EVENT, toRefreshEvent(event, this.instanceId, epoch, keep));
      }
    }
    for (const { queue } of this.held.values()) queue.push({ event, epoch });
    this.onDelivered?.(event.seq);
  }

  notice(notice: CatalogueNotice): void {
    this.namespace.local.emit(REFRESH_EVENT, toNoticeEvent(notice, this.instanceId));
  }

  /** Holds `socket`'s live events until release (a replay is being read for it). */
  hold(socket: LiveSocket): void {
    this.held.set(socket.id, { socket, queue: [] });
  }

  /**
   * Sends the replay (`replayed`, of `epoch`, then a notice of what it did to the catalogue), then
   * what was delivered while the socket was held and is not among it; the socket is live again.
   */
  release(socket: LiveSocket, replay: { events: readonly LiveEvent[]; epoch: string; catalogue: CatalogueChange | null } | null): number {
    const queue = this.held.get(socket.id)?.queue ?? [];
    this.held.delete(socket.id);
    if (!socket.connected) return 0;
    const sent = new Set(replay?.events.map((event) => event.seq));
    let replayed = 0;
    for (const event of replay?.events ?? []) if (this.sendTo(socket, event, replay?.epoch as string)) replayed += 1;
    const last = replay?.events.at(-1);
    if (replay?.catalogue && last) {
      socket.emit(REFRESH_EVENT, toNoticeEvent({ ...replay.catalogue, seq: last.seq, epoch: replay.epoch, settings: last.settings, serverNowEpochMs: last.serverNowEpochMs }, this.instanceId));
    }
    for (const { event, epoch } of queue) if (!sent.has(event.seq)) this.sendTo(socket, event, epoch);
    return replayed;
  }

  /** Sends `event` to one socket as its watch set sees it; false when it does not concern it. */
  private sendTo(socket: LiveSocket, event: LiveEvent, epoch: string): boolean {
    const keep = watchedIn(socket, idsOf(event));
    if (keep === 'none') return false;
    socket.emit(REFRESH_EVENT, toRefreshEvent(event, this.instanceId, epoch, keep === 'all' ? undefined : keep));
    return true;
  }

  /** The sockets watching some of `ids`, grouped by exactly which of them. */
  private watcherGroups(ids: readonly number[]): { sockets: string[]; keep: Set<number> }[] {
    const rooms = this.namespace.adapter.rooms;
    const watched = new Map<string, number[]>();
    for (const id of ids) {
      for (const sid of rooms.get(cardRoom(id)) ?? []) {
        const list = watched.get(sid);
        if (list) list.push(id);
        else watched.set(sid, [id]);
      }
    }
    const groups = new Map<string, { sockets: string[]; keep: Set<number> }>();
    for (const [sid, list] of watched) {
      const key = list.join(',');
      const group = groups.get(key);
      if (group) group.sockets.push(sid);
      else groups.set(key, { sockets: [sid], keep: new Set(list) });
    }
    return [...groups.values()];
  }
}

/** Which of `ids` the socket watches: all of them, some, or none. An event of no card concerns all. */
function watchedIn(socket: LiveSocket, ids: readonly number[]): 'all' | 'none' | Set<number> {
  if (ids.length === 0 || socket.rooms.has(ALL_CARDS_ROOM)) return 'all';
  const keep = new Set(ids.filter((id) => socket.rooms.has(cardRoom(id))));
  return keep.size === 0 ? 'none' : keep;
}
