// A TCP proxy a fault test puts between the service and PostgreSQL or Redis, so that it can take
// the dependency away (every open connection dropped, new ones refused) and give it back on the
// same port — without ever stopping the shared server other tests use. It can also slow a link
// down: with a latency set, every chunk is held that long before it is forwarded (both ways, order
// kept).

import { createConnection, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

export interface TcpProxy {
  readonly port: number;
  /** `host:port` of the proxy, to splice into a connection URL. */
  readonly address: string;
  /** True between cut() and restore(). */
  readonly isCut: boolean;
  /** Drops every connection and refuses new ones (ECONNREFUSED) until restore(). */
  cut(): Promise<void>;
  /** Accepts and forwards connections again, on the same port. */
  restore(): Promise<void>;
  /** Holds every forwarded chunk `ms` before passing it on, both directions (0: none). */
  setLatency(ms: number): void;
  stop(): Promise<void>;
}

export async function startTcpProxy(targetHost: string, targetPort: number): Promise<TcpProxy> {
  const open = new Set<Socket>();
  let server: Server | null = null;
  let cut = false;
  let latencyMs = 0;
  // A delayed chunk goes out after the chunks before it: each direction keeps its own queue.
  const relay = (from: Socket, to: Socket) => {
    let last = 0;
    from.on('data', (chunk: Buffer) => {
      if (latencyMs === 0 && last <= Date.now()) {
        to.write(chunk);
        return;
      }
      last = Math.max(last, Date.now() + latencyMs);
      setTimeout(() => {
        if (!to.destroyed) to.write(chunk);
      }, last - Date.now());
    });
    from.on('end', () => setTimeout(() => to.end(), Math.max(0, last - Date.now())));
  };

  const forward = (inbound: Socket) => {
    const outbound = createConnection(targetPort, targetHost);
    for (const socket of [inbound, outbound]) {
      open.add(socket);
      socket.setNoDelay(true);
      socket.on('close', () => open.delete(socket));
      socket.on('error', () => {
        inbound.destroy();
        outbound.destroy();
      });
    }
    relay(inbound, outbound);
    relay(outbound, inbound);
  };
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      const next = createServer(forward);
      next.once('error', reject);
      next.listen(port, '127.0.0.1', () => {
        server = next;
        resolve((next.address() as AddressInfo).port);
      });
    });
  const close = () =>
    new Promise<void>((resolve) => {
      const closing = server;
      server = null;
      for (const socket of open) socket.destroy();
      open.clear();
      if (closing) closing.close(() => resolve());
      else resolve();
    });

  const port = await listen(0);
  return {
    port,
    address: `127.0.0.1:${port}`,
    get isCut() {
      return cut;
    },
    cut: async () => {
      cut = true;
      await close();
    },
    restore: async () => {
      if (!cut) return;
      await listen(port);
      cut = false;
    },
    setLatency: (ms: number) => {
      latencyMs = Math.max(0, ms);
    },
    stop: close,
  };
}

/** `url` with its host and port replaced by the proxy's (credentials, path and query kept). */
export function throughProxy(url: string, proxy: TcpProxy): string {
  const parsed = new URL(url);
  parsed.hostname = '127.0.0.1';
  parsed.port = String(proxy.port);
  return parsed.toString();
}
