// A TCP proxy in front of Redis that understands just enough RESP2 to drop chosen pub/sub messages
// on their way to a subscriber, whole and without disturbing the stream: the way a subscriber that
// was cut and came back, or a Redis that shed a message, loses one. Client → server bytes pass
// untouched; server → client bytes are split into top-level frames, and a `message`/`pmessage` push
// whose payload the predicate picks is swallowed.

import { createServer, connect, type Server, type Socket } from 'node:net';

export interface MessageFilter {
  readonly port: number;
  /** Payloads dropped so far. */
  readonly dropped: string[];
  stop(): Promise<void>;
}

export async function startRedisMessageFilter(targetHost: string, targetPort: number, drop: (payload: string) => boolean): Promise<MessageFilter> {
  const dropped: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(targetPort, targetHost);
    sockets.add(client).add(upstream);
    let pending = Buffer.alloc(0);
    client.on('data', (chunk) => upstream.write(chunk));
    upstream.on('data', (chunk) => {
      pending = Buffer.concat([pending, chunk]);
      for (let end = frameEnd(pending, 0); end !== null; end = frameEnd(pending, 0)) {
        const frame = pending.subarray(0, end);
        pending = pending.subarray(end);
        const payload = pushPayload(frame);
        if (payload !== null && drop(payload)) dropped.push(payload);
        else client.write(frame);
      }
    });
    const close = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', close).on('error', close);
    upstream.on('close', close).on('error', close);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    dropped,
    stop: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Where the RESP2 value starting at `at` ends, or null when the buffer does not hold all of it yet. */
function frameEnd(buffer: Buffer, at: number): number | null {
  const lineEnd = buffer.indexOf('\r\n', at);
  if (lineEnd < 0) return null;
  const type = String.fromCharCode(buffer[at] as number);
  const header = buffer.toString('latin1', at + 1, lineEnd);
  if (type === '+' || type === '-' || type === ':') return lineEnd + 2;
  if (type === '$') {
    const length = Number(header);
    if (length < 0) return lineEnd + 2;
    const end = lineEnd + 2 + length + 2;
    return buffer.length >= end ? end : null;
  }
  if (type === '*') {
    let next = lineEnd + 2;
    for (let i = 0; i < Number(header); i += 1) {
      const element = frameEnd(buffer, next);
      if (element === null) return null;
      next = element;
    }
    return next;
  }
  throw new Error(`not RESP2: type byte ${JSON.stringify(type)}`);
}

/** The payload of a `message` or `pmessage` push frame, else null. */
function pushPayload(frame: Buffer): string | null {
  if (frame[0] !== 0x2a) return null; // '*'
  const elements: string[] = [];
  let at = frame.indexOf('\r\n') + 2;
  while (at < frame.length && frame[at] === 0x24) {
    const lineEnd = frame.indexOf('\r\n', at);
    const length = Number(frame.toString('latin1', at + 1, lineEnd));
    elements.push(frame.toString('utf8', lineEnd + 2, lineEnd + 2 + length));
    at = lineEnd + 2 + length + 2;
  }
  const kind = elements[0];
  return kind === 'message' || kind === 'pmessage' ? (elements.at(-1) ?? null) : null;
}
