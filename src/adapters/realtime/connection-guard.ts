// Who may hold a live socket, decided before it costs anything: a browser Origin must be listed (or
// be the service's own), an address may hold at most `perAddress` Engine.IO connections (refused at
// the handshake with the reason in the answer), the instance at most `maxConnections`, and one
// connection at most one `/concerts` socket (else one client could fan every refresh out to itself
// hundreds of times). A connection that never joins `/concerts` is closed by Socket.IO's
// connectTimeout, so idle handshakes do not hold capacity for long.

import type { IncomingMessage } from 'node:http';
import type { Server, Socket } from 'socket.io';

/** Message of the `connect_error` a client gets when this instance is full. */
export const AT_CAPACITY = 'instance at capacity';
/** Message of the `connect_error` for a second live socket on one connection. */
export const ONE_SOCKET_PER_CONNECTION = 'one live socket per connection';
/** Reason in the handshake answer when an address holds too many connections. */
export const TOO_MANY_FROM_ADDRESS = 'too many connections from this address';

export interface GuardOptions {
  readonly corsOrigins: readonly string[];
  readonly maxConnections: number;
  readonly perAddress: number;
  /** The client's address for a request (the first X-Forwarded-For hop behind a trusted proxy). */
  readonly addressOf: (request: IncomingMessage) => string;
}

export class ConnectionGuard {
  private readonly perAddress = new Map<string, number>();
  /** Engine.IO connections holding (or being admitted to) a live socket. */
  private readonly holding = new WeakSet<object>();

  constructor(private readonly options: GuardOptions) {}

  /** Engine.IO's allowRequest: origin and per-address limit at the handshake. */
  allowRequest(request: IncomingMessage, answer: (message: string | null, ok: boolean) => void): void {
    if (!originAllowed(request.headers.origin, request.headers.host, this.options.corsOrigins)) return answer('origin not allowed', false);
    const count = this.perAddress.get(this.options.addressOf(request)) ?? 0;
    if (count >= this.options.perAddress) return answer(TOO_MANY_FROM_ADDRESS, false);
    answer(null, true);
  }

  /** Counts each Engine.IO connection against its address while it lasts. */
  track(io: Server): void {
    io.engine.on('connection', (connection: { request: IncomingMessage; once(event: 'close', listener: () => void): void }) => {
      const address = this.options.addressOf(connection.request);
      this.perAddress.set(address, (this.perAddress.get(address) ?? 0) + 1);
      connection.once('close', () => {
        const left = (this.perAddress.get(address) ?? 1) - 1;
        if (left <= 0) this.perAddress.delete(address);
        else this.perAddress.set(address, left);
      });
    });
  }

  /** Namespace middleware: capacity and one live socket per connection. */
  admit(io: Server, socket: Socket, next: (error?: Error) => void): void {
    if (this.holding.has(socket.client)) return next(new Error(ONE_SOCKET_PER_CONNECTION));
    if (io.engine.clientsCount > this.options.maxConnections) return next(new Error(AT_CAPACITY));
    this.holding.add(socket.client);
    socket.once('disconnect', () => this.holding.delete(socket.client));
    next();
  }

  connectionsFrom(address: string): number {
    return this.perAddress.get(address) ?? 0;
  }
}

/** No Origin (not a browser), a listed one, or the page's own origin (the service serves it). */
function originAllowed(origin: string | undefined, host: string | undefined, listed: readonly string[]): boolean {
  if (origin === undefined) return true;
  if (listed.includes(origin)) return true;
  try {
    return host !== undefined && new URL(origin).host === host;
  } catch {
    return false;
  }
}
