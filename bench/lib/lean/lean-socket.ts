// A lean Socket.IO client for benchmarks: Engine.IO 4 / Socket.IO 5 spoken directly over one `ws`
// WebSocket (websocket transport only, no polling, no upgrade), one namespace per connection.
//
// Wire, as the protocols specify it (every Socket.IO packet rides in an Engine.IO `4` message):
//   server  0{"sid",…,"pingInterval","pingTimeout"}   Engine.IO open
//   client  40/concerts,[auth JSON]                    namespace CONNECT
//   server  40/concerts,{"sid":…}  |  44/concerts,{"message":…}   connected | connect_error
//   server  2  → client 3                              heartbeat (the server pings in EIO 4)
//   server  42/concerts,["NAME",{…}]                   event
//   client  42/concerts,7["time:sync",…] → server 43/concerts,7[{…}]   emit with ack id 7
//   either  41/concerts,                               namespace DISCONNECT; server 1 = close
//
// What makes it cheap: the frame stays a Buffer (no UTF-8 decode or validation: `ws` is told to skip
// it), the header is read byte by byte, and only the event name is decoded; the payload goes to the
// caller as (frame, offset) for frame-scan.ts. Acks and handshakes are rare and use JSON.parse.
// It never reconnects by itself: the fleet decides where and when (clients.ts).

import WebSocket from 'ws';
import { intern, stringEnd } from './json-bytes.js';

/**
 * One handler object can serve every socket of a process (no closures per socket): each call gets
 * the socket, and the socket carries its owner's `context`.
 */
export interface LeanHandlers<C> {
  /** An event; `frame` is valid only during the call, its argument starts at `argStart` (-1: none). */
  event(socket: LeanSocket<C>, name: string, frame: Buffer, argStart: number, receivedAt: number): void;
  connect(socket: LeanSocket<C>): void;
  /** The namespace refused (CONNECT_ERROR) or the connection failed before it connected. */
  connectError(socket: LeanSocket<C>, message: string): void;
  /** A connected socket closed, with socket.io-client's name for the reason. */
  close(socket: LeanSocket<C>, reason: string): void;
}

export interface LeanSocketOptions {
  /** http://host:port of the server. */
  readonly url: string;
  readonly namespace: string;
  readonly localAddress?: string;
  /** Sent with the namespace CONNECT (socket.io-client's `auth`). */
  readonly auth?: unknown;
  readonly handshakeTimeoutMs?: number;
}

interface PendingAck {
  resolve(args: unknown[]): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

const EIO_OPEN = 0x30;
const EIO_CLOSE = 0x31;
const EIO_PING = 0x32;
const EIO_MESSAGE = 0x34;
const SIO_CONNECT = 0x30;
const SIO_DISCONNECT = 0x31;
const SIO_EVENT = 0x32;
const SIO_ACK = 0x33;
const SIO_CONNECT_ERROR = 0x34;

export class LeanSocket<C = unknown> {
  state: 'connecting' | 'connected' | 'closed' = 'connecting';
  /** Date.now() of the last frame from the server, for the owner's liveness sweep. */
  heardAt = 0;
  /** From the Engine.IO handshake; the server pings every pingInterval and waits pingTimeout. */
  pingInterval = 25_000;
  pingTimeout = 20_000;
  private ws: WebSocket | null = null;
  private acks: Map<number, PendingAck> | null = null;
  private nextAckId = 0;
  private handshakeTimer: NodeJS.Timeout | undefined;
  /** `/concerts,` — or '' for the main namespace, which the encoding leaves out. */
  private readonly nsp: string;

  constructor(
    readonly context: C,
    private readonly options: LeanSocketOptions,
    private readonly handlers: LeanHandlers<C>,
  ) {
    this.nsp = options.namespace === '/' ? '' : `${options.namespace},`;
  }

  open(): void {
    const url = `${this.options.url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`;
    const ws = new WebSocket(url, {
      perMessageDeflate: false,
      skipUTF8Validation: true,
      handshakeTimeout: this.options.handshakeTimeoutMs ?? 20_000,
      ...(this.options.localAddress ? { localAddress: this.options.localAddress } : {}),
    });
    this.ws = ws;
    this.handshakeTimer = setTimeout(() => this.fail('timeout'), this.options.handshakeTimeoutMs ?? 20_000);
    ws.on('message', (data: Buffer) => this.onFrame(data));
    ws.on('error', (error: Error) => this.fail(error.message));
    ws.on('close', () => this.fail('transport close'));
  }

  emit(event: string, ...args: unknown[]): void {
    this.ws?.send(`42${this.nsp}${JSON.stringify([event, ...args])}`);
  }

  /** Emits with an acknowledgement id; resolves with the ack's arguments. */
  emitWithAck(event: string, args: readonly unknown[], timeoutMs = 10_000): Promise<unknown[]> {
    if (this.state !== 'connected' || !this.ws) return Promise.reject(new Error('not connected'));
    const id = this.nextAckId;
    this.nextAckId += 1;
    const acks = (this.acks ??= new Map());
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        acks.delete(id);
        reject(new Error(`no ack for ${event} within ${timeoutMs} ms`));
      }, timeoutMs);
      acks.set(id, { resolve, reject, timer });
      this.ws?.send(`42${this.nsp}${id}${JSON.stringify([event, ...args])}`);
    });
  }

  /** Leaves the namespace and closes the connection (socket.io-client's `disconnect()`). */
  close(): void {
    if (this.state === 'connected') this.ws?.send(`41${this.nsp}`);
    this.finish('io client disconnect');
  }

  /** False (and closed) when the server has been silent past a ping period plus its timeout. */
  checkAlive(now: number): boolean {
    if (this.state !== 'connected') return this.state === 'connecting';
    if (now - this.heardAt <= this.pingInterval + this.pingTimeout) return true;
    this.finish('ping timeout');
    return false;
  }

  private onFrame(b: Buffer): void {
    const at = Date.now();
    this.heardAt = at;
    const type = b[0];
    if (type === EIO_MESSAGE) this.onPacket(b, at);
    else if (type === EIO_PING) this.ws?.send('3');
    else if (type === EIO_OPEN) this.onOpen(b);
    else if (type === EIO_CLOSE) this.finish('transport close');
  }

  private onOpen(b: Buffer): void {
    const handshake = JSON.parse(b.toString('utf8', 1)) as { pingInterval?: number; pingTimeout?: number };
    this.pingInterval = handshake.pingInterval ?? this.pingInterval;
    this.pingTimeout = handshake.pingTimeout ?? this.pingTimeout;
    const auth = this.options.auth === undefined ? '' : JSON.stringify(this.options.auth);
    this.ws?.send(`40${this.nsp}${auth}`);
  }

  private onPacket(b: Buffer, at: number): void {
    const type = b[1];
    let i = 2;
    if (b[i] === 0x2f) {
      // A namespace: `/name,`. One namespace per connection, so anything else is not for us.
      const comma = b.indexOf(0x2c, i);
      if (comma < 0 || comma - i + 1 !== this.nsp.length) return;
      i = comma + 1;
    } else if (this.nsp !== '') return;
    let ackId = -1;
    while ((b[i] as number) >= 0x30 && (b[i] as number) <= 0x39) {
      ackId = (ackId < 0 ? 0 : ackId * 10) + ((b[i] as number) - 0x30);
      i += 1;
    }
    if (type === SIO_EVENT) this.onEvent(b, i, ackId, at);
    else if (type === SIO_ACK) this.onAck(b, i, ackId);
    else if (type === SIO_CONNECT) this.onConnect();
    else if (type === SIO_CONNECT_ERROR) {
      let message = b.toString('utf8', i);
      try {
        message = String((JSON.parse(message) as { message?: unknown }).message ?? message);
      } catch {
        // Not JSON: keep the text as it came.
      }
      this.fail(message);
    } else if (type === SIO_DISCONNECT) this.finish('io server disconnect');
    // BINARY_EVENT / BINARY_ACK: the service sends none; a bench would not measure them.
  }

  private onEvent(b: Buffer, i: number, ackId: number, at: number): void {
    if (b[i] !== 0x5b || b[i + 1] !== 0x22) return;
    const nameEnd = stringEnd(b, i + 1);
    const name = intern(b, i + 2, nameEnd);
    const argStart = b[nameEnd + 1] === 0x2c ? nameEnd + 2 : -1;
    this.handlers.event(this, name, b, argStart, at);
    // The server asked for an acknowledgement: give an empty one, as a listener without reply would.
    if (ackId >= 0) this.ws?.send(`43${this.nsp}${ackId}[]`);
  }

  private onAck(b: Buffer, i: number, ackId: number): void {
    const pending = this.acks?.get(ackId);
    if (!pending) return;
    this.acks?.delete(ackId);
    clearTimeout(pending.timer);
    pending.resolve(JSON.parse(b.toString('utf8', i)) as unknown[]);
  }

  private onConnect(): void {
    if (this.state !== 'connecting') return;
    clearTimeout(this.handshakeTimer);
    this.state = 'connected';
    this.handlers.connect(this);
  }

  /** Before the namespace connected: one connectError. After: one close. Either way, closed. */
  private fail(message: string): void {
    if (this.state === 'connecting') {
      this.state = 'closed';
      this.teardown();
      this.handlers.connectError(this, message);
    } else this.finish(message);
  }

  private finish(reason: string): void {
    if (this.state === 'closed') return;
    const wasConnected = this.state === 'connected';
    this.state = 'closed';
    this.teardown();
    if (wasConnected) this.handlers.close(this, reason);
    else this.handlers.connectError(this, reason);
  }

  private teardown(): void {
    clearTimeout(this.handshakeTimer);
    const ws = this.ws;
    this.ws = null;
    if (ws) {
      ws.removeAllListeners('message');
      ws.removeAllListeners('close');
      // Keep an error listener: a late socket error must not become an uncaught exception.
      ws.removeAllListeners('error');
      ws.on('error', () => undefined);
      if (ws.readyState === WebSocket.OPEN) ws.close(1000);
      else ws.terminate();
    }
    for (const pending of this.acks?.values() ?? []) {
      clearTimeout(pending.timer);
      pending.reject(new Error('socket closed'));
    }
    this.acks = null;
  }
}
