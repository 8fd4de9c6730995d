// The composition root's object graph, on inversify: every outbound port is a token that
// service.ts binds to its adapter, and every application class is its own token, built by
// inversify from the tokens listed beside it (checked by the compiler against its constructor).
// Application classes stay plain (no decorators), so tests build them by hand just as well.
// Adding a use case is its file plus one `provide` line here.

import { Container } from 'inversify';
import { ChangeRealtimeSettings } from '../application/admin/change-realtime-settings.js';
import { GetRealtimeSettings } from '../application/admin/get-realtime-settings.js';
import { RollOutConfiguredRealtimeSettings } from '../application/admin/roll-out-configured-realtime-settings.js';
import { CreateConcert } from '../application/admin/create-concert.js';
import { DeleteConcert } from '../application/admin/delete-concert.js';
import { UpdateConcert } from '../application/admin/update-concert.js';
import { GetCard } from '../application/cards/get-card.js';
import { GetHighlights } from '../application/cards/get-highlights.js';
import type { KeptPagesLimits } from '../application/search-pages/kept-search-pages.js';
import { SearchCards } from '../application/cards/search-cards.js';
import type { Clock } from '../application/ports/clock.js';
import type { CardsDue } from '../application/ports/outbound/cards-due.js';
import type { ConcertSearch } from '../application/ports/outbound/concert-search.js';
import type { HighlightCandidates } from '../application/ports/outbound/highlight-candidates.js';
import type { LiveEventPublisher } from '../application/ports/outbound/live-event-publisher.js';
import type { LocalFanOut } from '../application/ports/outbound/local-fan-out.js';
import type { ChangeHistory, OutboxRetention, StreamHead, UnsentChanges } from '../application/ports/outbound/outbox.js';
import type { PublicationObserver } from '../application/ports/outbound/publication-observer.js';
import type { PublicationTransactions } from '../application/ports/outbound/publication-transactions.js';
import type { RealtimeSettingsStore } from '../application/ports/outbound/realtime-settings-store.js';
import type { RelayObserver } from '../application/ports/outbound/relay-observer.js';
import type { ReservationRequestRetention } from '../application/ports/outbound/reservation-requests.js';
import type { ReservationTransactions } from '../application/ports/outbound/reservation-transactions.js';
import type { SeatInventory } from '../application/ports/outbound/seat-inventory.js';
import type { StoredConcerts } from '../application/ports/outbound/stored-concerts.js';
import type { Timer } from '../application/ports/outbound/timer.js';
import type { TransitionScheduler } from '../application/ports/outbound/transition-scheduler.js';
import { CardPublication } from '../application/publication/card-publication.js';
import { InventoryCoalescer } from '../application/publication/inventory-coalescer.js';
import { LiveDelivery } from '../application/publication/live-delivery.js';
import { StreamPosition } from '../application/publication/stream-position.js';
import { LiveStreamRelay, type RelayTuning } from '../application/relay/live-stream-relay.js';
import { PruneReservationRequests } from '../application/reservations/prune-reservation-requests.js';
import { ReserveSeats } from '../application/reservations/reserve-seats.js';
import { CurrentRealtimeSettings } from '../application/settings/current-realtime-settings.js';
import { ReconcileLiveStream, type ReconcileTiming } from '../application/stream/reconcile-live-stream.js';
import { RunDueTransitions } from '../application/stream/run-due-transitions.js';

/** A token for a value of type T (a port, a setting); the phantom field lets the compiler tell tokens apart. */
export type Token<T> = symbol & { readonly __value?: T };
const token = <T>(name: string): Token<T> => Symbol(name) as Token<T>;

/** The outbound ports and the settings the application is built from: service.ts binds each. */
export const PORTS = {
  Clock: token<Clock>('Clock'),
  Timer: token<Timer>('Timer'),
  StoredConcerts: token<StoredConcerts>('StoredConcerts'),
  ConcertSearch: token<ConcertSearch>('ConcertSearch'),
  HighlightCandidates: token<HighlightCandidates>('HighlightCandidates'),
  SeatInventory: token<SeatInventory>('SeatInventory'),
  CardsDue: token<CardsDue>('CardsDue'),
  UnsentChanges: token<UnsentChanges>('UnsentChanges'),
  OutboxRetention: token<OutboxRetention>('OutboxRetention'),
  StreamHead: token<StreamHead>('StreamHead'),
  ChangeHistory: token<ChangeHistory>('ChangeHistory'),
  RealtimeSettingsStore: token<RealtimeSettingsStore>('RealtimeSettingsStore'),
  PublicationTransactions: token<PublicationTransactions>('PublicationTransactions'),
  ReservationTransactions: token<ReservationTransactions>('ReservationTransactions'),
  ReservationRequestRetention: token<ReservationRequestRetention>('ReservationRequestRetention'),
  LiveEventPublisher: token<LiveEventPublisher>('LiveEventPublisher'),
  TransitionScheduler: token<TransitionScheduler>('TransitionScheduler'),
  PublicationObserver: token<PublicationObserver>('PublicationObserver'),
  LocalFanOut: token<LocalFanOut>('LocalFanOut'),
  RelayObserver: token<RelayObserver>('RelayObserver'),
} as const;

export const SETTINGS = {
  SearchPageLimits: token<KeptPagesLimits>('SearchPageLimits'),
  InventoryCoalesceMs: token<number>('InventoryCoalesceMs'),
  IdempotencyKeyRetentionMs: token<number>('IdempotencyKeyRetentionMs'),
  ReconcileTiming: token<ReconcileTiming>('ReconcileTiming'),
  RelayTuning: token<RelayTuning>('RelayTuning'),
} as const;

type Dependency<T> = Token<T> | (abstract new (...args: never[]) => T);

/** Binds `Class` to itself, built from `dependencies` (one per constructor parameter, in order). */
function provide<T, A extends unknown[]>(container: Container, Class: new (...args: A) => T, ...dependencies: { [K in keyof A]: Dependency<A[K]> }): void {
  container.bind(Class).toResolvedValue((...args: A) => new Class(...args), dependencies as never);
}

/** A container with every application class bound; the ports and settings are the caller's to bind. */
export function applicationContainer(): Container {
  const c = new Container({ defaultScope: 'Singleton' });
  const P = PORTS;
  const S = SETTINGS;

  provide(c, StreamPosition);
  provide(c, CurrentRealtimeSettings, P.RealtimeSettingsStore, P.Clock);
  provide(c, LiveStreamRelay, P.ChangeHistory, P.StreamHead, CurrentRealtimeSettings, P.LocalFanOut, P.Timer, P.Clock, P.RelayObserver, S.RelayTuning);
  provide(c, LiveDelivery, LiveStreamRelay, P.LiveEventPublisher, P.UnsentChanges, P.TransitionScheduler, CurrentRealtimeSettings, P.Clock, P.PublicationObserver, StreamPosition);
  provide(c, CardPublication, P.PublicationTransactions, LiveDelivery, P.CardsDue, P.Clock, P.PublicationObserver);
  provide(c, InventoryCoalescer, CardPublication, P.Timer, P.PublicationObserver, S.InventoryCoalesceMs);

  provide(c, SearchCards, P.ConcertSearch, P.StreamHead, CurrentRealtimeSettings, P.Clock, StreamPosition, P.Timer, S.SearchPageLimits);
  provide(c, GetCard, P.StoredConcerts, P.StreamHead, P.Clock);
  provide(c, GetHighlights, P.HighlightCandidates, P.StreamHead, CurrentRealtimeSettings, P.Clock);
  provide(c, ReserveSeats, P.StoredConcerts, P.SeatInventory, P.ReservationTransactions, InventoryCoalescer, P.Clock, S.IdempotencyKeyRetentionMs);
  provide(c, PruneReservationRequests, P.ReservationRequestRetention, P.Clock);
  provide(c, CreateConcert, CardPublication);
  provide(c, UpdateConcert, CardPublication);
  provide(c, DeleteConcert, CardPublication);
  provide(c, ChangeRealtimeSettings, CardPublication);
  provide(c, RollOutConfiguredRealtimeSettings, CardPublication);
  provide(c, GetRealtimeSettings, P.RealtimeSettingsStore);
  provide(c, RunDueTransitions, CardPublication);
  provide(c, ReconcileLiveStream, P.UnsentChanges, P.CardsDue, P.OutboxRetention, CardPublication, LiveDelivery, P.Clock, S.ReconcileTiming);
  return c;
}

/** The value bound to a port or setting (tests and benches reach adapters this way). */
export function valueOf<T>(container: Container, key: Token<T>): T {
  return container.get<T>(key);
}

/** Binds a port or setting to its value (an adapter, a number). */
export function bindValue<T>(container: Container, key: Token<T>, value: T): void {
  container.bind<T>(key).toConstantValue(value);
}

/** The storage ports, grouped by the adapter object that answers them (PostgreSQL, or the test fake). */
export interface StorageAdapters {
  readonly stores: {
    readonly concerts: StoredConcerts & ConcertSearch & HighlightCandidates;
    readonly catalogue: SeatInventory;
    readonly cardStates: CardsDue;
    readonly outbox: UnsentChanges & OutboxRetention & StreamHead & ChangeHistory;
    readonly settings: RealtimeSettingsStore;
    readonly requests: ReservationRequestRetention;
  };
  readonly transactions: PublicationTransactions;
  readonly reservations: ReservationTransactions;
}

export function bindStorage(container: Container, { stores, transactions, reservations }: StorageAdapters): void {
  bindValue(container, PORTS.StoredConcerts, stores.concerts);
  bindValue(container, PORTS.ConcertSearch, stores.concerts);
  bindValue(container, PORTS.HighlightCandidates, stores.concerts);
  bindValue(container, PORTS.SeatInventory, stores.catalogue);
  bindValue(container, PORTS.CardsDue, stores.cardStates);
  bindValue(container, PORTS.UnsentChanges, stores.outbox);
  bindValue(container, PORTS.OutboxRetention, stores.outbox);
  bindValue(container, PORTS.StreamHead, stores.outbox);
  bindValue(container, PORTS.ChangeHistory, stores.outbox);
  bindValue(container, PORTS.RealtimeSettingsStore, stores.settings);
  bindValue(container, PORTS.PublicationTransactions, transactions);
  bindValue(container, PORTS.ReservationTransactions, reservations);
  bindValue(container, PORTS.ReservationRequestRetention, stores.requests);
}

export const DEFAULT_SEARCH_CACHE_MAX_BYTES = 16 * 1024 * 1024;
export const DEFAULT_IDEMPOTENCY_KEY_RETENTION_MS = 86_400_000;

/** The tuning the application takes from configuration. */
export interface ApplicationSettings {
  readonly snapshotMaxAgeMs: number;
  /** Most estimated bytes of search pages kept (SEARCH_CACHE_MAX_BYTES); default 16 MiB. */
  readonly searchCacheMaxBytes?: number;
  readonly inventoryCoalesceMs: number;
  readonly reconcile: ReconcileTiming;
  readonly relay: RelayTuning;
  /** How long a reservation's answer is kept under its Idempotency-Key; default 24 h. */
  readonly idempotencyKeyRetentionMs?: number;
}

export function bindSettings(container: Container, settings: ApplicationSettings): void {
  bindValue(container, SETTINGS.SearchPageLimits, { maxAgeMs: settings.snapshotMaxAgeMs, maxBytes: settings.searchCacheMaxBytes ?? DEFAULT_SEARCH_CACHE_MAX_BYTES });
  bindValue(container, SETTINGS.InventoryCoalesceMs, settings.inventoryCoalesceMs);
  bindValue(container, SETTINGS.IdempotencyKeyRetentionMs, settings.idempotencyKeyRetentionMs ?? DEFAULT_IDEMPOTENCY_KEY_RETENTION_MS);
  bindValue(container, SETTINGS.ReconcileTiming, settings.reconcile);
  bindValue(container, SETTINGS.RelayTuning, settings.relay);
}

/** The relay's timing and ring size: the ring from configuration, the rest fixed. */
export function relayTuning(ring: RelayTuning['ring']): RelayTuning {
  return { gapWaitMs: 150, maxHoldMs: 2_000, noticeWindowMs: 250, ring, maxReplayEvents: 5_000 };
}

/** The reconcile job's timing for a coalescing window (the grace periods the safety net leaves). */
export function reconcileTiming(inventoryCoalesceMs: number): ReconcileTiming {
  return { unsentGraceMs: 2_000, boundaryGraceMs: 1_000, inventoryGraceMs: Math.max(1_000, inventoryCoalesceMs * 4), outboxRetentionMs: 3_600_000 };
}
