// What a client is told when it and the server do not speak the same protocol version (CONTRACT.md
// "Protocol version"): the server refused it (HTTP 400 or `connect_error`), or answered in another
// version. The client stops instead of reading payloads it would misread; upgrading is the remedy.

import { PROTOCOL_VERSION, UNSUPPORTED_PROTOCOL_VERSION } from './wire.js';

export class ProtocolVersionError extends Error {
  override readonly name = 'ProtocolVersionError';
  readonly code = UNSUPPORTED_PROTOCOL_VERSION;
  /** The version this client speaks. */
  readonly clientVersion = PROTOCOL_VERSION;

  constructor(
    message: string,
    /** The versions the server said it serves, when it said. */
    readonly serverVersions: readonly number[] | null = null,
  ) {
    super(message);
  }
}

/** The refusal carried by a `connect_error`, an HTTP error body, or null when it is none. */
export function protocolRefusalOf(message: string, data: unknown): ProtocolVersionError | null {
  if (typeof data !== 'object' || data === null) return null;
  const { code, supported, details } = data as { code?: unknown; supported?: unknown; details?: { supported?: unknown } };
  if (code !== UNSUPPORTED_PROTOCOL_VERSION) return null;
  const versions = Array.isArray(supported) ? supported : Array.isArray(details?.supported) ? details.supported : null;
  return new ProtocolVersionError(message, versions?.filter((v): v is number => typeof v === 'number') ?? null);
}
