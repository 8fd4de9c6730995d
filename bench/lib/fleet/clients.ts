// The two client kinds behind one BenchClient (recorder.ts), as a fleet worker drives them:
// - lean: LeanSocket (Engine.IO/Socket.IO over `ws`), payload fields read from the frame's bytes;
// - socket.io-client: the library itself (websocket transport), payload fields copied from the
//   object it parsed — the control every run keeps, to show the lean figures agree.
// Both report to the same WorkerHooks with the same LiveMessage, so recorders see no difference.
//
// Reconnection (after a connected socket drops; a first connect that fails is reported, not
// retried): lean waits a random delay in [minDelayMs, maxDelayMs] and, with `rotate`, moves to the
// next URL on each attempt — what a kill -9 storm needs, since the dead instance refuses. Unlike
// socket.io-client it also comes back after a server-side disconnect (an instance shutting down
// sends one): a bench client is there to stay connected.
// socket.io-client uses its own Manager (same delays, same URL: it cannot rotate).

import { io, type Socket } from 'socket.io-client';
import { scanPayload } from '../lean/frame-scan.js';
import { FrameShapeError } from '../lean/json-bytes.js';
import { LeanSocket, type LeanHandlers } from '../lean/lean-socket.js';
import { fillFromObject, resetLiveMessage, type LiveMessage } from '../lean/live-message.js';
import type { BenchClient, ClientKind } from './recorder.js';

export interface ReconnectPolicy {
  readonly minDelayMs: number;
  readonly maxDelayMs: number;
  /** Lean only: try urls[(index + attempt) % urls.length] instead of the same URL. */
  readonly rotate?: boolean;
}

export interface ClientSpec {
  readonly kind: ClientKind;
  readonly urls: readonly string[];
  readonly namespace: string;
  readonly localAddresses?: readonly string[];
  readonly auth?: unknown;
  readonly reconnect?: ReconnectPolicy | null;
  readonly handshakeTimeoutMs?: number;
}

export interface WorkerHooks {
  /** Which events to decode (undefined: all). */
  readonly decodes: ReadonlySet<string> | undefined;
  connected(client: ManagedClient, reconnect: boolean): void;
  message(client: ManagedClient, message: LiveMessage, receivedAt: number): void;
  disconnected(client: ManagedClient, reason: string): void;
  /** A frame frame-scan.ts could not read; it was decoded with JSON.parse instead. */
  fallback(): void;
}

export interface ManagedClient extends BenchClient {
  /** First connect: true, or the error message. */
  start(): Promise<true | string>;
  close(): void;
  /** Liveness sweep (lean: ping timeout); returns false when the socket was found dead. */
  checkAlive(now: number): boolean;
}

/** One reused message per worker: events are handled one at a time. */
const message: LiveMessage = { event: '', seq: NaN, reason: '', epoch: '', itemCount: 0, ids: new Int32Array(16), versions: new Int32Array(16), statuses: [], bytes: 0 };

export function createClient(spec: ClientSpec, index: number, hooks: WorkerHooks): ManagedClient {
  return spec.kind === 'lean' ? new LeanClient(spec, index, hooks) : new SocketIoClient(spec, index, hooks);
}

/** Shared by every lean socket of the worker: no closures per socket. */
const LEAN_HANDLERS: LeanHandlers<LeanClient> = {
  event: (socket, name, frame, argStart, receivedAt) => socket.context.onEvent(name, frame, argStart, receivedAt),
  connect: (socket) => socket.context.onConnect(),
  connectError: (socket, text) => socket.context.onConnectError(text),
  close: (socket, reason) => socket.context.onClose(reason),
};

class LeanClient implements ManagedClient {
  url: string;
  private socket: LeanSocket<LeanClient> | null = null;
  private attempt = 0;
  private everConnected = false;
  private stopped = false;
  private retry: NodeJS.Timeout | undefined;
  private first: ((outcome: true | string) => void) | null = null;

  constructor(
    private readonly spec: ClientSpec,
    readonly index: number,
    private readonly hooks: WorkerHooks,
  ) {
    this.url = spec.urls[index % spec.urls.length] as string;
  }

  start(): Promise<true | string> {
    return new Promise((resolve) => {
      this.first = resolve;
      this.openSocket();
    });
  }

  connected(): boolean {
    return this.socket?.state === 'connected';
  }

  emit(event: string, ...args: unknown[]): void {
    this.socket?.emit(event, ...args);
  }

  emitWithAck(event: string, args: readonly unknown[], timeoutMs?: number): Promise<unknown[]> {
    return this.socket ? this.socket.emitWithAck(event, args, timeoutMs) : Promise.reject(new Error('not connected'));
  }

  close(): void {
    this.stopped = true;
    clearTimeout(this.retry);
    this.socket?.close();
  }

  checkAlive(now: number): boolean {
    return this.socket ? this.socket.checkAlive(now) : true;
  }

  onEvent(name: string, frame: Buffer, argStart: number, receivedAt: number): void {
    resetLiveMessage(message, name, frame.length);
    if (argStart >= 0 && (this.hooks.decodes === undefined || this.hooks.decodes.has(name))) {
      try {
        scanPayload(frame, argStart, message);
      } catch (error) {
        if (!(error instanceof FrameShapeError)) throw error;
        this.hooks.fallback();
        const args = JSON.parse(`[${frame.toString('utf8', argStart)}`) as unknown[];
        fillFromObject(message, name, args[0], frame.length);
      }
    }
    this.hooks.message(this, message, receivedAt);
  }

  onConnect(): void {
    this.attempt = 0;
    const reconnect = this.everConnected;
    this.everConnected = true;
    this.settleFirst(true);
    this.hooks.connected(this, reconnect);
  }

  onConnectError(text: string): void {
    this.socket = null;
    if (this.first) return this.settleFirst(text);
    this.scheduleReconnect();
  }

  onClose(reason: string): void {
    this.socket = null;
    this.hooks.disconnected(this, reason);
    if (reason !== 'io client disconnect') this.scheduleReconnect();
  }

  private settleFirst(outcome: true | string): void {
    const first = this.first;
    this.first = null;
    first?.(outcome);
  }

  private openSocket(): void {
    const { spec } = this;
    const addresses = spec.localAddresses;
    const localAddress = addresses && addresses.length > 0 ? addresses[this.index % addresses.length] : undefined;
    const options = { url: this.url, namespace: spec.namespace, auth: spec.auth, handshakeTimeoutMs: spec.handshakeTimeoutMs, ...(localAddress ? { localAddress } : {}) };
    this.socket = new LeanSocket(this, options, LEAN_HANDLERS);
    this.socket.open();
  }

  private scheduleReconnect(): void {
    const policy = this.spec.reconnect;
    if (!policy || this.stopped) return;
    this.attempt += 1;
    if (policy.rotate) this.url = this.spec.urls[(this.index + this.attempt) % this.spec.urls.length] as string;
    const delay = policy.minDelayMs + Math.random() * Math.max(0, policy.maxDelayMs - policy.minDelayMs);
    this.retry = setTimeout(() => {
      if (!this.stopped) this.openSocket();
    }, delay);
  }
}

class SocketIoClient implements ManagedClient {
  readonly url: string;
  private readonly socket: Socket;
  private everConnected = false;

  constructor(
    spec: ClientSpec,
    readonly index: number,
    private readonly hooks: WorkerHooks,
  ) {
    this.url = spec.urls[index % spec.urls.length] as string;
    const policy = spec.reconnect;
    const addresses = spec.localAddresses;
    const localAddress = addresses && addresses.length > 0 ? addresses[index % addresses.length] : undefined;
    this.socket = io(`${this.url}${spec.namespace}`, {
      transports: ['websocket'],
      forceNew: true,
      autoConnect: false,
      timeout: spec.handshakeTimeoutMs ?? 20_000,
      reconnection: Boolean(policy),
      ...(policy ? { reconnectionDelay: policy.minDelayMs, reconnectionDelayMax: policy.maxDelayMs } : {}),
      ...(spec.auth === undefined ? {} : { auth: spec.auth as Record<string, unknown> }),
      ...(localAddress ? { localAddress } : {}),
    });
    this.socket.onAny((name: string, payload: unknown) => {
      const at = Date.now();
      if (hooks.decodes === undefined || hooks.decodes.has(name)) fillFromObject(message, name, payload, 0);
      else resetLiveMessage(message, name, 0);
      hooks.message(this, message, at);
    });
    this.socket.on('disconnect', (reason) => hooks.disconnected(this, reason));
  }

  start(): Promise<true | string> {
    return new Promise((resolve) => {
      this.socket.once('connect_error', (error) => resolve(error.message));
      this.socket.on('connect', () => {
        this.socket.off('connect_error');
        const reconnect = this.everConnected;
        this.everConnected = true;
        resolve(true);
        this.hooks.connected(this, reconnect);
      });
      this.socket.connect();
    });
  }

  connected(): boolean {
    return this.socket.connected;
  }

  emit(event: string, ...args: unknown[]): void {
    this.socket.emit(event, ...args);
  }

  emitWithAck(event: string, args: readonly unknown[], timeoutMs = 10_000): Promise<unknown[]> {
    return new Promise((resolve, reject) => {
      this.socket.timeout(timeoutMs).emit(event, ...args, (error: Error | null, ...reply: unknown[]) => (error ? reject(error) : resolve(reply)));
    });
  }

  close(): void {
    this.socket.disconnect();
  }

  checkAlive(): boolean {
    return true;
  }
}
