// Who a request comes from, for per-client limits and logs. The socket's peer address, unless that
// peer is a proxy the configuration trusts (TRUSTED_PROXIES): then the last X-Forwarded-For entry,
// which is the one that proxy appended — the address it saw. Entries left of it were written by
// the client (or proxies nobody vouched for) and are ignored, so a client cannot pick its own
// address by sending X-Forwarded-For.

import { isIP } from 'node:net';
import type { Context } from 'koa';

export function clientAddressOf(ctx: Context, trustedProxies: ReadonlySet<string>): string {
  const peer = normalised(ctx.req.socket.remoteAddress ?? 'unknown');
  if (!trustedProxies.has(peer)) return peer;
  const forwarded = ctx.get('X-Forwarded-For').split(',');
  const hop = normalised((forwarded[forwarded.length - 1] ?? '').trim());
  return isIP(hop) !== 0 ? hop : peer;
}

/** `::ffff:10.0.0.1` (an IPv4 peer on a dual-stack socket) is `10.0.0.1`. */
export function normalised(address: string): string {
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}
