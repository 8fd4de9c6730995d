// The protocol version a socket states in its handshake (`auth: { protocolVersion }`, CONTRACT.md
// "Protocol version"). A version this server cannot serve is refused at connect, with the reason as
// the `connect_error` message and `{ code, supported }` as its data, before the socket joins the
// live topic: a client must not read events written for another version. Unstated is version 1.

import { protocolVersionRefusal, SUPPORTED_PROTOCOL_VERSIONS, UNSUPPORTED_PROTOCOL_VERSION } from '../../contract/protocol.js';

export interface ProtocolRefusal extends Error {
  readonly data: { readonly code: typeof UNSUPPORTED_PROTOCOL_VERSION; readonly supported: readonly number[] };
}

/** The error to refuse a handshake with, or null when its stated version is served. */
export function protocolHandshakeRefusal(auth: unknown): ProtocolRefusal | null {
  const stated = typeof auth === 'object' && auth !== null ? (auth as Record<string, unknown>).protocolVersion : undefined;
  const reason = protocolVersionRefusal(stated);
  if (reason === null) return null;
  return Object.assign(new Error(reason), { data: { code: UNSUPPORTED_PROTOCOL_VERSION, supported: SUPPORTED_PROTOCOL_VERSIONS } } as const);
}
