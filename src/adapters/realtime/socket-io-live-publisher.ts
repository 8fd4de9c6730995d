// LiveEventPublisher over Socket.IO: one room emit per event. Socket.IO encodes a room broadcast once
// (and pre-frames it for WebSocket) and writes the same bytes to every socket; with Redis the
// adapter msgpack-encodes it once more for the PUBLISH. Nothing here loops over sockets.

import type { Namespace } from 'socket.io';
import type { LiveEvent, LiveEventPublisher } from '../../application/ports/outbound/live-event-publisher.js';
import { LIVE_TOPIC, REFRESH_EVENT, toRefreshEvent } from './live-wire.js';
import type { RedisLink } from './redis-link.js';

export class SocketIoLivePublisher implements LiveEventPublisher {
  constructor(
    private readonly namespace: Namespace,
    private readonly instanceId: string,
    /** Null on a single instance (in-memory adapter): the emit is done when it returns. */
    private readonly redis: RedisLink | null,
    private readonly onEmitted?: (seq: number) => void,
  ) {}

  async publish(event: LiveEvent): Promise<void> {
    const payload = toRefreshEvent(event, this.instanceId);
    const send = () => {
      this.namespace.to(LIVE_TOPIC).emit(REFRESH_EVENT, payload);
    };
    if (this.redis) await this.redis.broadcast(send);
    else send();
    this.onEmitted?.(event.seq);
  }
}
