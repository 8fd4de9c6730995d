// The package's public entry point: everything a front end imports from `live-cards-client`.
// Anything not exported here is internal and may change in any release.

export type * from './wire.js';
export { PROTOCOL_VERSION, UNSUPPORTED_PROTOCOL_VERSION } from './wire.js';
export { ProtocolVersionError } from './protocol-error.js';

export {
  LiveCardsClient,
  type ConnectionState as SocketConnection,
  type LiveCardsClientOptions,
  type LiveCardsEvents,
  type LiveCardsState,
  type LiveCardsStats,
  type LiveSocket,
  type SocketFactory,
} from './live-cards-client.js';
export { startLiveSession, type LiveSessionOptions } from './live-session.js';
export {
  MODE_DRIVER_DEFAULTS,
  ModeDriver,
  type ConnectionState,
  type DriverState,
  type LiveChannels,
  type ModeDriverOptions,
} from './mode-driver.js';
export { cardAsShown, nextFlipLocalMs, showFromLocalMs, uncertaintyMs } from './announced-flip.js';
export type { ClockEstimate } from './clock-offset.js';
export { globalTimers, type Timers } from './timers.js';
export { countdownAt, formatCountdown, nextServerSecond, saleCountdown, serverSecondOf, type SaleCountdown } from './countdown.js';
export { ServerTicker } from './server-ticker.js';
export { LiveCardsStore, type LiveCardsSnapshot, type LiveCardsStoreOptions, type RealtimeStatus } from './live-cards-store.js';
export { createLiveCards, LiveCards, queryKey, type LiveCardsOptions } from './live-cards.js';
export type { ViewQuery } from './view-membership.js';
