// A socket whose client does not read fast enough must not hold an instance's memory: once what is
// queued for it (Engine.IO's packets not yet handed to the WebSocket, plus the WebSocket's bytes not
// yet taken by the kernel) passes `maxBufferedBytes`, it is closed with WebSocket close code 4008
// "slow consumer" (CONTRACT.md), then torn down if the close cannot get through. The client
// reconnects and replays from its last seq. Centrifugo's client_queue_max_size is the model.

import type { Namespace } from 'socket.io';

/** The WebSocket close code (private range 4000-4999) a slow consumer is closed with. */
export const SLOW_CONSUMER_CLOSE_CODE = 4008;
export const SLOW_CONSUMER_REASON = 'slow consumer';
/** How long the close handshake may take before the connection is destroyed. */
const CLOSE_GRACE_MS = 1_000;

interface QueuedPacket {
  readonly data?: unknown;
}

interface EngineConnection {
  readonly writeBuffer?: readonly QueuedPacket[];
  readonly transport?: { readonly name?: string; readonly socket?: RawWebSocket };
}

interface RawWebSocket {
  readonly bufferedAmount: number;
  close(code: number, reason: string): void;
  terminate(): void;
}

export interface SlowConsumerOptions {
  readonly maxBufferedBytes: number;
  readonly everyMs: number;
  readonly onDisconnect: (bytes: number) => void;
}

/** What is queued for one connection, in bytes (strings counted by length: the refreshes are ASCII JSON). */
export function queuedBytes(connection: EngineConnection): number {
  let bytes = connection.transport?.socket?.bufferedAmount ?? 0;
  for (const packet of connection.writeBuffer ?? []) {
    const data = packet.data;
    if (typeof data === 'string') bytes += data.length;
    else if (data instanceof Uint8Array) bytes += data.byteLength;
  }
  return bytes;
}

export class SlowConsumers {
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly namespace: Namespace,
    private readonly options: SlowConsumerOptions,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.sweep(), this.options.everyMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Closes every local socket whose queue passed the bound; returns how many. */
  sweep(): number {
    let closed = 0;
    for (const socket of this.namespace.sockets.values()) {
      const connection = socket.conn as unknown as EngineConnection;
      const bytes = queuedBytes(connection);
      if (bytes <= this.options.maxBufferedBytes) continue;
      const ws = connection.transport?.name === 'websocket' ? connection.transport.socket : undefined;
      if (ws) {
        ws.close(SLOW_CONSUMER_CLOSE_CODE, SLOW_CONSUMER_REASON);
        setTimeout(() => ws.terminate(), CLOSE_GRACE_MS).unref();
      } else {
        socket.disconnect(true);
      }
      closed += 1;
      this.options.onDisconnect(bytes);
    }
    return closed;
  }
}
