// The application built by the real composition root (src/bootstrap/container.ts) on in-memory
// fakes of every outbound port but storage, which is the fake database (the fast tier: no
// PostgreSQL, Redis or scheduler) or the PostgreSQL adapter (the same scenarios proving it).

import type { Container, ServiceIdentifier } from 'inversify';
import { applicationContainer, bindSettings, bindStorage, bindValue, PORTS, reconcileTiming, relayTuning, type StorageAdapters } from '../../src/bootstrap/container.js';
import type { RealtimeSettings } from '../../src/domain/realtime/realtime-mode.js';
import type { Timer } from '../../src/application/ports/outbound/timer.js';
import type { PublishedCardState } from '../../src/domain/card/card-state.js';
import type { Concert, ConcertDetails } from '../../src/domain/card/concert.js';
import { AdjustableClock } from './adjustable-clock.js';
import { storeConcert } from './stored-concert.js';
import { InMemoryDatabase } from './fakes/in-memory-database.js';
import { ManualTimer, RecordingFanOut, RecordingObserver, RecordingPublisher, RecordingRelayObserver, RecordingScheduler } from './fakes/live-recorders.js';
import { LiveStreamRelay } from '../../src/application/relay/live-stream-relay.js';

/** Storage the application can run on: the fake database, or the PostgreSQL adapter. */
export interface TestStorage extends StorageAdapters {
  readonly stores: InMemoryDatabase['stores'];
  ensureRealtimeSettings(defaults: RealtimeSettings, now: number): Promise<RealtimeSettings>;
}

export interface ApplicationOnFakes {
  readonly container: Container;
  readonly storage: TestStorage;
  readonly clock: AdjustableClock;
  readonly timer: ManualTimer;
  readonly publisher: RecordingPublisher;
  readonly scheduler: RecordingScheduler;
  readonly observer: RecordingObserver;
  readonly fanOut: RecordingFanOut;
  readonly relayObserver: RecordingRelayObserver;
  get<T>(Class: ServiceIdentifier<T>): T;
}

export interface FakeOptions {
  readonly now?: number;
  readonly snapshotMaxAgeMs?: number;
  readonly inventoryCoalesceMs?: number;
  /** Replaces the manual timer (e.g. one that runs tasks at once). */
  readonly timer?: Timer;
}

export function applicationOnFakes(options: FakeOptions = {}): Promise<ApplicationOnFakes> {
  return applicationOn(new InMemoryDatabase(), options);
}

export async function applicationOn(storage: TestStorage, options: FakeOptions = {}): Promise<ApplicationOnFakes> {
  await storage.ensureRealtimeSettings({ mode: 'websocket', hybridPollIntervalMillis: 30_000 }, options.now ?? Date.UTC(2030, 0, 1, 12));
  const clock = new AdjustableClock(options.now ?? Date.UTC(2030, 0, 1, 12));
  const timer = new ManualTimer();
  const publisher = new RecordingPublisher();
  const scheduler = new RecordingScheduler();
  const observer = new RecordingObserver();
  const fanOut = new RecordingFanOut();
  const relayObserver = new RecordingRelayObserver();
  const inventoryCoalesceMs = options.inventoryCoalesceMs ?? 250;
  const container = applicationContainer();
  bindStorage(container, storage);
  bindValue(container, PORTS.Clock, clock);
  bindValue(container, PORTS.Timer, options.timer ?? timer);
  bindValue(container, PORTS.LiveEventPublisher, publisher);
  bindValue(container, PORTS.TransitionScheduler, scheduler);
  bindValue(container, PORTS.PublicationObserver, observer);
  bindValue(container, PORTS.LocalFanOut, fanOut);
  bindValue(container, PORTS.RelayObserver, relayObserver);
  bindSettings(container, {
    snapshotMaxAgeMs: options.snapshotMaxAgeMs ?? 0,
    inventoryCoalesceMs,
    reconcile: reconcileTiming(inventoryCoalesceMs),
    relay: relayTuning({ maxEvents: 1_000, maxBytes: 8 * 1024 * 1024 }),
  });
  await container.get(LiveStreamRelay).start();
  return { container, storage, clock, timer, publisher, scheduler, observer, fanOut, relayObserver, get: <T>(Class: ServiceIdentifier<T>) => container.get<T>(Class) };
}

/** Stores a concert and its card state as published at `state`, without going through a use case. */
export function seedConcert(app: ApplicationOnFakes, overrides: Partial<ConcertDetails> = {}, state: Partial<Omit<PublishedCardState, 'concertId'>> = {}): Promise<Concert> {
  return storeConcert(app.storage.transactions, overrides, state, app.clock.now());
}
