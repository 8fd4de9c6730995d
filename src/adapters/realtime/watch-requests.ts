// `cards:watch` (request, ack): which cards a socket receives (CONTRACT.md "View subscriptions").
// `{ids}` narrows the socket to those cards, `{all: true}` widens it back; a malformed or oversized
// request, or one beyond the per-second rate, is answered with an error and changes nothing. With
// `afterSeq` (and its epoch) the socket is first sent, in order, every change after that position
// concerning its new watch set — from the relay's ring or the outbox — then the live stream; or told
// `resyncRequired` when the position cannot be served. Changes delivered while the replay is read
// are queued for the socket (SocketFanOut.hold) so none is lost or sent twice.

import type { Socket } from 'socket.io';
import type { LiveStreamRelayUseCase } from '../../application/ports/inbound/live-stream.js';
import { watchRequestSchema, WATCH_IDS_MAX, type LiveEvents, type LiveRequests, type WatchAck, type WatchRequest } from '../../contract/wire.js';
import { ALL_CARDS_ROOM, cardRoom, WATCH_EVENT } from './live-wire.js';
import type { SocketFanOut } from './socket-fan-out.js';
import { PerSecondLimit } from './time-sync.js';

type LiveSocket = Socket<LiveRequests, LiveEvents>;

export interface WatchOptions {
  readonly relay: Pick<LiveStreamRelayUseCase, 'replay'>;
  readonly fanOut: SocketFanOut;
  readonly perSecond: number;
  readonly onError: (error: unknown, context: string) => void;
}

const refusal = (code: string, message: string): WatchAck => ({ error: { code, message } });

export function answerWatch(socket: LiveSocket, options: WatchOptions): void {
  const limit = new PerSecondLimit(options.perSecond);
  socket.on(WATCH_EVENT, (raw: unknown, ack: unknown) => {
    if (typeof ack !== 'function') return;
    const reply = ack as (answer: WatchAck) => void;
    if (!limit.take()) return reply(refusal('RATE_LIMITED', `at most ${options.perSecond} cards:watch per second`));
    const parsed = watchRequestSchema.safeParse(raw);
    if (!parsed.success) {
      return reply(refusal('INVALID_WATCH', `send {ids: [positive integers, at most ${WATCH_IDS_MAX}]} or {all: true}, with afterSeq and epoch to replay`));
    }
    void watch(socket, parsed.data, options).then(reply, (error: unknown) => {
      options.onError(error, 'cards:watch');
      reply(refusal('UNAVAILABLE', 'the watch could not be set up; retry shortly'));
    });
  });
}

async function watch(socket: LiveSocket, request: WatchRequest, options: WatchOptions): Promise<WatchAck> {
  const ids = 'ids' in request ? [...new Set(request.ids)].sort((a, b) => a - b) : null;
  const watching: WatchAck = { watching: ids ?? 'all' };
  const replaying = request.afterSeq !== undefined;
  if (replaying) options.fanOut.hold(socket);
  setWatch(socket, ids);
  if (!replaying) return watching;
  let outcome;
  try {
    outcome = await options.relay.replay(request.afterSeq as number, request.epoch ?? '');
  } catch (error) {
    options.fanOut.release(socket, null);
    throw error;
  }
  if (outcome.resyncRequired) {
    options.fanOut.release(socket, null);
    return { ...watching, resyncRequired: true };
  }
  const replayed = options.fanOut.release(socket, { events: outcome.events, epoch: request.epoch as string, catalogue: outcome.catalogue });
  return { ...watching, replayed };
}

/** Moves the socket to the rooms of its new watch set (all cards when `ids` is null). */
function setWatch(socket: LiveSocket, ids: readonly number[] | null): void {
  for (const room of socket.rooms) if (room === ALL_CARDS_ROOM || room.startsWith('card:')) void socket.leave(room);
  if (ids === null) void socket.join(ALL_CARDS_ROOM);
  else void socket.join(ids.map(cardRoom));
}

