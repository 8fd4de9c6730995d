// `?protocolVersion=` on the snapshot endpoints (CONTRACT.md "Protocol version"): a client states
// the version it speaks, and one this server cannot serve is told so (400 UNSUPPORTED_PROTOCOL_VERSION,
// with the versions it can) instead of getting payloads it would misread. Unstated is version 1.

import { protocolVersionRefusal, SUPPORTED_PROTOCOL_VERSIONS, UNSUPPORTED_PROTOCOL_VERSION } from '../../../contract/protocol.js';
import { HttpError } from '../http-error.js';
import { decodeQuery } from './query-string.js';

export const PROTOCOL_VERSION_PARAMETER = 'protocolVersion';

export function checkProtocolVersion(querystring: string): void {
  const stated = decodeQuery(querystring, [PROTOCOL_VERSION_PARAMETER])[PROTOCOL_VERSION_PARAMETER];
  const refusal = protocolVersionRefusal(Array.isArray(stated) ? stated.join(',') : stated);
  if (refusal !== null) throw new HttpError(400, UNSUPPORTED_PROTOCOL_VERSION, refusal, { requested: stated, supported: SUPPORTED_PROTOCOL_VERSIONS });
}
