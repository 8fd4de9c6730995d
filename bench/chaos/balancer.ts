// The chaos harness's load balancer: a TCP round-robin in front of the instances, on loopback.
// Each accepted connection goes to the next backend; a backend that refuses (killed, restarting)
// is skipped for that connection, as a balancer's failed connect is retried on another upstream.
// A paused backend accepts (its kernel does) and then says nothing — as a real one would.
// WebSocket clients need no stickiness (the reference client is websocket-only); HTTP keep-alive
// connections stay on the backend they reached.

import { createConnection, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

export interface Balancer {
  readonly port: number;
  readonly url: string;
  stop(): Promise<void>;
}

export async function startBalancer(backendPorts: () => readonly number[]): Promise<Balancer> {
  let next = 0;
  const open = new Set<Socket>();
  const track = (socket: Socket) => {
    open.add(socket);
    socket.on('close', () => open.delete(socket));
  };

  const connect = (inbound: Socket, tried: number) => {
    const ports = backendPorts();
    if (tried >= ports.length) {
      inbound.destroy();
      return;
    }
    const port = ports[next % ports.length] as number;
    next += 1;
    const outbound = createConnection(port, '127.0.0.1');
    let established = false;
    outbound.once('connect', () => {
      established = true;
      track(outbound);
      outbound.setNoDelay(true);
      inbound.once('close', () => outbound.destroy());
      inbound.pipe(outbound).pipe(inbound);
      inbound.resume();
    });
    outbound.on('error', () => {
      if (!established) connect(inbound, tried + 1);
      else inbound.destroy();
    });
    outbound.on('close', () => {
      if (established) inbound.destroy();
    });
  };

  const server: Server = createServer({ pauseOnConnect: true }, (inbound) => {
    track(inbound);
    inbound.setNoDelay(true);
    inbound.on('error', () => inbound.destroy());
    connect(inbound, 0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
