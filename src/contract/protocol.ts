// The version of the wire protocol (CONTRACT.md "Protocol version"): which payloads and which
// client behaviour a side means. A client states the one it speaks (Socket.IO handshake
// `auth.protocolVersion`, HTTP `?protocolVersion=`); a server answers only in a version it serves
// and says so when it cannot. No zod here: the client package bundles these values as they are.

/** The version this server writes, and the client package speaks. */
export const PROTOCOL_VERSION = 1;

/** Every version this server can serve; a client stating another one is refused. */
export const SUPPORTED_PROTOCOL_VERSIONS: readonly number[] = [1];

/** The error code (HTTP) and `connect_error` data code (Socket.IO) of that refusal. */
export const UNSUPPORTED_PROTOCOL_VERSION = 'UNSUPPORTED_PROTOCOL_VERSION';

/**
 * Why a client stating `stated` cannot be served, or null when it can. Unstated (`undefined`) is
 * version 1, the protocol of every client written before versions were stated.
 */
export function protocolVersionRefusal(stated: unknown): string | null {
  if (stated === undefined) return null;
  const version = typeof stated === 'string' && /^\d{1,6}$/.test(stated) ? Number(stated) : stated;
  if (typeof version === 'number' && SUPPORTED_PROTOCOL_VERSIONS.includes(version)) return null;
  return `unsupported protocol version ${JSON.stringify(stated)}: this server speaks ${SUPPORTED_PROTOCOL_VERSIONS.join(', ')}`;
}
