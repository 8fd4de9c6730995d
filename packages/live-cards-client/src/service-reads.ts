// The client's two HTTP reads (CONTRACT.md "HTTP"): the search snapshot, stating the protocol
// version and refusing an answer in another one, and the server time for clock samples when no
// socket is open.

import { protocolRefusalOf, ProtocolVersionError } from './protocol-error.js';
import { PROTOCOL_VERSION, type SearchResponse, type ServerTime, type TimeSyncAck } from './wire.js';

export interface ServiceHttp {
  readonly baseUrl: string;
  readonly fetch: typeof fetch;
}

/** The snapshot of `query`; throws a ProtocolVersionError when the server cannot serve this client. */
export async function readSearchSnapshot(http: ServiceHttp, query: Readonly<Record<string, string | number>>): Promise<SearchResponse> {
  const url = new URL('/api/concerts/search', http.baseUrl);
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, String(value));
  url.searchParams.set('protocolVersion', String(PROTOCOL_VERSION));
  const response = await http.fetch(url, { headers: { accept: 'application/json' } });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
    const refusal = protocolRefusalOf(body?.error?.message ?? 'unsupported protocol version', body?.error);
    if (refusal) throw refusal;
    throw new Error(`snapshot failed: HTTP ${response.status} from ${url.pathname}`);
  }
  const snapshot = (await response.json()) as SearchResponse;
  // A server from before versions were stated writes none: that is version 1.
  const answeredIn = (snapshot as Partial<SearchResponse>).protocolVersion ?? 1;
  if (answeredIn !== PROTOCOL_VERSION) {
    throw new ProtocolVersionError(`the server answered in protocol version ${answeredIn}; this client speaks ${PROTOCOL_VERSION}`, [answeredIn]);
  }
  return snapshot;
}

/** One clock sample over HTTP, shaped like a time:sync answer. */
export async function askServerTime(http: ServiceHttp, sentAtLocalMs: number): Promise<TimeSyncAck> {
  const response = await http.fetch(new URL('/api/time', http.baseUrl), { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`clock sample failed: HTTP ${response.status}`);
  const { serverNowEpochMs } = (await response.json()) as ServerTime;
  return { serverNowEpochMs, clientSentAtMs: sentAtLocalMs };
}
