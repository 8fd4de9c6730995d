// A TCP proxy a fault test puts between the service and PostgreSQL or Redis, so that it can take
// the dependency away (every open connection dropped, new ones refused) and give it back on the
// same port — without ever stopping the shared server other tests use.

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
  stop(): Promise<void>;
}

export async function startTcpProxy(targetHost: string, targetPort: number): Promise<TcpProxy> {
  const open = new Set<Socket>();
  let server: Server | null = null;
  let cut = false;

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
    inbound.pipe(outbound).pipe(inbound);
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
