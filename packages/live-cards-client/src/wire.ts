// The wire contract as this package publishes it: the server's own definitions (src/contract/
// wire.ts, zod schemas and the types inferred from them), re-exported and never restated, so a
// field added to the contract is a field of this package. Types only, and the protocol constants
// from the zod-free src/contract/protocol.ts: no schema, and so no zod, reaches a bundle. The package
// build (scripts/build.ts) writes this module's declarations as the resolved types, so the published
// tarball needs neither zod nor anything outside the package.

export { PROTOCOL_VERSION, UNSUPPORTED_PROTOCOL_VERSION } from '../../../src/contract/protocol.js';

export type {
  CardEnvelope,
  CardJson,
  CardResponse,
  CatalogueField,
  ErrorResponse,
  HeartbeatEvent,
  HighlightsResponse,
  LiveEvents,
  LiveRequests,
  NextChangeJson,
  RealtimeMode,
  RealtimeSettingsJson,
  RefreshEvent,
  RefreshReason,
  SaleStatus,
  SearchResponse,
  ServerTime,
  TimeSyncAck,
  WatchAck,
  WatchRequest,
} from '../../../src/contract/wire.js';
