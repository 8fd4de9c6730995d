// The client's Socket.IO connection to `/concerts` (CONTRACT.md "Socket.IO"): opened with the
// protocol version in the handshake, the stream's events handed on, and the two requests with ack
// (`time:sync`, `cards:watch`). socket.io-client reconnects by itself after a lost transport (a slow
// consumer closed with 4008 included); when the server sent the socket away or refused it (an
// instance shutting down or at capacity) this comes back itself, with jittered exponential backoff,
// to whichever instance the load balancer picks. A protocol refusal is final.

import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import { protocolRefusalOf, type ProtocolVersionError } from './protocol-error.js';
import { PROTOCOL_VERSION, type HeartbeatEvent, type LiveEvents, type LiveRequests, type RefreshEvent, type TimeSyncAck, type WatchAck, type WatchRequest } from './wire.js';

export type LiveSocket = Socket<LiveEvents, LiveRequests>;
export type SocketFactory = (url: string, options: Partial<ManagerOptions & SocketOptions>) => LiveSocket;

export interface ConnectionHandlers {
  refresh(event: RefreshEvent): void;
  heartbeat(beat: HeartbeatEvent): void;
  connected(): void;
  disconnected(reason: string): void;
  refused(error: ProtocolVersionError): void;
}

const ACK_TIMEOUT_MS = 2_000;
const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 10_000;

export class LiveConnection {
  private socket: LiveSocket | null = null;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private attempts = 0;
  private readonly waiting = new Set<{ resolve(): void; reject(error: unknown): void }>();

  constructor(
    private readonly baseUrl: string,
    private readonly handlers: ConnectionHandlers,
    private readonly factory: SocketFactory = (url, options) => io(url, options),
  ) {}

  isOpen(): boolean {
    return this.socket !== null;
  }

  isConnected(): boolean {
    return this.socket?.connected ?? false;
  }

  open(): LiveSocket {
    if (this.socket) return this.socket;
    const socket = this.factory(`${this.baseUrl.replace(/\/$/, '')}/concerts`, {
      transports: ['websocket'],
      auth: { protocolVersion: PROTOCOL_VERSION },
    });
    this.socket = socket;
    socket.on('CONCERTS_REFRESH', (event) => this.handlers.refresh(event));
    socket.on('CONCERTS_HEARTBEAT', (beat) => this.handlers.heartbeat(beat));
    socket.on('connect', () => {
      this.attempts = 0;
      for (const waiter of this.waiting) waiter.resolve();
      this.waiting.clear();
      this.handlers.connected();
    });
    socket.on('disconnect', (reason) => {
      this.handlers.disconnected(reason);
      if (reason === 'io server disconnect') this.reconnectLater();
    });
    socket.on('connect_error', (error) => {
      this.handlers.disconnected(error.message);
      const refusal = protocolRefusalOf(error.message, (error as Error & { data?: unknown }).data);
      // Retrying cannot help: stop here, and say why.
      if (refusal) {
        for (const waiter of this.waiting) waiter.reject(refusal);
        this.waiting.clear();
        return this.handlers.refused(refusal);
      }
      // A refusal by the server (e.g. "instance at capacity") is not retried by socket.io-client.
      if (this.socket && !this.socket.active) this.reconnectLater();
    });
    return socket;
  }

  /** Resolves at the next connect; rejects if the server refuses this client's protocol version. */
  nextConnect(): Promise<void> {
    return new Promise((resolve, reject) => this.waiting.add({ resolve, reject }));
  }

  /** Closes the socket and stops reconnecting. */
  close(): void {
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    const socket = this.socket;
    this.socket = null;
    socket?.disconnect();
  }

  /** The server's clock answer, over the socket; rejects when not connected or not answered in time. */
  async timeSync(sentAtLocalMs: number): Promise<TimeSyncAck> {
    return this.connectedSocket().timeout(ACK_TIMEOUT_MS).emitWithAck('time:sync', sentAtLocalMs) as Promise<TimeSyncAck>;
  }

  /** Sends `cards:watch`; rejects when not connected or not answered in time. */
  async watch(request: WatchRequest): Promise<WatchAck> {
    return this.connectedSocket().timeout(ACK_TIMEOUT_MS).emitWithAck('cards:watch', request) as Promise<WatchAck>;
  }

  private connectedSocket(): LiveSocket {
    if (!this.socket?.connected) throw new Error('the socket is not connected');
    return this.socket;
  }

  private reconnectLater(): void {
    if (this.reconnectTimer || !this.socket) return;
    const ceiling = Math.min(RECONNECT_MAX_MS, RECONNECT_MIN_MS * 2 ** this.attempts);
    this.attempts += 1;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      this.socket?.connect();
    }, ceiling / 2 + (Math.random() * ceiling) / 2);
  }
}
