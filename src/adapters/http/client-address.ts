// Who a request comes from, for per-client limits and logs (HTTP requests, and the Socket.IO
// handshake through bootstrap). The socket's peer address, unless that
// peer is a proxy the configuration trusts (TRUSTED_PROXIES): then the last X-Forwarded-For entry,
// which is the one that proxy appended — the address it saw. Entries left of it were written by
// the client (or proxies nobody vouched for) and are ignored, so a client cannot pick its own
// address by sending X-Forwarded-For.

import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

export function clientAddressOf(request: IncomingMessage, trustedProxies: ReadonlySet<string>): string {
  const peer = normalised(request.socket.remoteAddress ?? 'unknown');
  if (!trustedProxies.has(peer)) return peer;
  const header = request.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',');
  const hop = normalised((forwarded[forwarded.length - 1] ?? '').trim());
  return isIP(hop) !== 0 ? hop : peer;
}

/** `::ffff:10.0.0.1` (an IPv4 peer on a dual-stack socket) is `10.0.0.1`. */
export function normalised(address: string): string {
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}
