// Headers every response carries, error responses included: no sniffing, no framing, no referrer,
// a CSP for a same-origin page that talks to its own Socket.IO endpoint (CSP3 'self' covers the
// page's own ws:/wss: origin), and no caching of API answers (they are time-dependent by nature).
// The static handler may relax Cache-Control. Set by request-frame.ts on every request.

import type { ServerResponse } from 'node:http';

export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; connect-src 'self'; img-src 'self' https: data:; style-src 'self' 'unsafe-inline'";

const HEADERS: readonly (readonly [string, string])[] = [
  ['X-Content-Type-Options', 'nosniff'],
  ['X-Frame-Options', 'DENY'],
  ['Referrer-Policy', 'no-referrer'],
  ['Content-Security-Policy', CONTENT_SECURITY_POLICY],
  ['Cache-Control', 'no-store'],
];

/** Straight onto the response, before anything is sent: what ctx.set would do, without its per-header dispatch. */
export function setSecurityHeaders(response: ServerResponse): void {
  for (const [name, value] of HEADERS) response.setHeader(name, value);
}

