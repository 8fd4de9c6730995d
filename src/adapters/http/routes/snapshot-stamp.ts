// What every list answer (search, highlights) states after its cards, in this order: server time,
// the realtime settings, the stream position and the protocol version a client needs to stay
// current from it.

import type { Highlights } from '../../../application/ports/inbound/card-queries.js';
import { PROTOCOL_VERSION } from '../../../contract/protocol.js';
import type { SearchResponse, ServerTime } from '../../../contract/wire.js';
import { serverTimeAt } from './server-time.js';

export type SnapshotStamp = Pick<SearchResponse, keyof ServerTime | 'realtimeMode' | 'hybridPollIntervalMillis' | 'seq' | 'epoch' | 'protocolVersion'>;

export function snapshotStamp(read: Pick<Highlights, 'serverNowEpochMs' | 'settings' | 'seq' | 'epoch'>): SnapshotStamp {
  return {
    ...serverTimeAt(read.serverNowEpochMs),
    realtimeMode: read.settings.mode,
    hybridPollIntervalMillis: read.settings.hybridPollIntervalMillis,
    seq: read.seq,
    epoch: read.epoch,
    protocolVersion: PROTOCOL_VERSION,
  };
}
