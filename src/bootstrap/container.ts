// The composition root's wiring: each port bound to its adapter, each use case built from ports
// with `toResolvedValue`, so application classes stay plain (no decorators) and tests build them
// by hand. Adapters that need a running process (database, sockets, scheduler) are made in
// service.ts and handed in as `Adapters`.

import { Container, type ServiceIdentifier } from 'inversify';
import { CreateConcert } from '../application/admin/create-concert.js';
import { DeleteConcert } from '../application/admin/delete-concert.js';
import { UpdateConcert } from '../application/admin/update-concert.js';
import { ConcertCardRuntime, type ConcertCardRuntimeUseCase } from '../application/cards/concert-card-runtime.js';
import { GetCard } from '../application/cards/get-card.js';
import { GetHighlights } from '../application/cards/get-highlights.js';
import { SearchCards } from '../application/cards/search-cards.js';
import { ChangeRealtimeSettings } from '../application/live/change-realtime-settings.js';
import { CoalesceInventoryChanges } from '../application/live/coalesce-inventory-changes.js';
import { CurrentRealtimeSettings } from '../application/live/current-realtime-settings.js';
import { EmitLiveChange } from '../application/live/emit-live-change.js';
import { PublishCardChanges } from '../application/live/publish-card-changes.js';
import { ReconcileLiveStream } from '../application/live/reconcile-live-stream.js';
import { RunDueTransitions } from '../application/live/run-due-transitions.js';
import { StreamPosition } from '../application/live/stream-position.js';
import { GetStreamStatus } from '../application/live/stream-status.js';
import type { CardStateStore } from '../application/ports/card-state-store.js';
import type { Clock } from '../application/ports/clock.js';
import type { ConcertRepository } from '../application/ports/concert-repository.js';
import type { LiveEventOutbox } from '../application/ports/live-event-outbox.js';
import type { LiveEventPublisher } from '../application/ports/live-event-publisher.js';
import type { PublicationObserver } from '../application/ports/publication-observer.js';
import type { RealtimeSettingsStore } from '../application/ports/realtime-settings-store.js';
import type { Timer } from '../application/ports/timer.js';
import type { TransitionScheduler } from '../application/ports/transition-scheduler.js';
import type { UnitOfWork } from '../application/ports/unit-of-work.js';
import { ReserveSeats } from '../application/reservations/reserve-seats.js';

export const PORTS = {
  Clock: Symbol('Clock') as ServiceIdentifier<Clock>,
  Timer: Symbol('Timer') as ServiceIdentifier<Timer>,
  ConcertRepository: Symbol('ConcertRepository') as ServiceIdentifier<ConcertRepository>,
  CardStateStore: Symbol('CardStateStore') as ServiceIdentifier<CardStateStore>,
  LiveEventOutbox: Symbol('LiveEventOutbox') as ServiceIdentifier<LiveEventOutbox>,
  RealtimeSettingsStore: Symbol('RealtimeSettingsStore') as ServiceIdentifier<RealtimeSettingsStore>,
  UnitOfWork: Symbol('UnitOfWork') as ServiceIdentifier<UnitOfWork>,
  LiveEventPublisher: Symbol('LiveEventPublisher') as ServiceIdentifier<LiveEventPublisher>,
  TransitionScheduler: Symbol('TransitionScheduler') as ServiceIdentifier<TransitionScheduler>,
  PublicationObserver: Symbol('PublicationObserver') as ServiceIdentifier<PublicationObserver>,
} as const;

export const USE_CASES = {
  ConcertCardRuntime: Symbol('ConcertCardRuntimeUseCase') as ServiceIdentifier<ConcertCardRuntimeUseCase>,
  SearchCards: Symbol('SearchCards') as ServiceIdentifier<SearchCards>,
  GetCard: Symbol('GetCard') as ServiceIdentifier<GetCard>,
  GetHighlights: Symbol('GetHighlights') as ServiceIdentifier<GetHighlights>,
  CreateConcert: Symbol('CreateConcert') as ServiceIdentifier<CreateConcert>,
  UpdateConcert: Symbol('UpdateConcert') as ServiceIdentifier<UpdateConcert>,
  DeleteConcert: Symbol('DeleteConcert') as ServiceIdentifier<DeleteConcert>,
  ReserveSeats: Symbol('ReserveSeats') as ServiceIdentifier<ReserveSeats>,
  CurrentRealtimeSettings: Symbol('CurrentRealtimeSettings') as ServiceIdentifier<CurrentRealtimeSettings>,
  ChangeRealtimeSettings: Symbol('ChangeRealtimeSettings') as ServiceIdentifier<ChangeRealtimeSettings>,
  EmitLiveChange: Symbol('EmitLiveChange') as ServiceIdentifier<EmitLiveChange>,
  PublishCardChanges: Symbol('PublishCardChanges') as ServiceIdentifier<PublishCardChanges>,
  CoalesceInventoryChanges: Symbol('CoalesceInventoryChanges') as ServiceIdentifier<CoalesceInventoryChanges>,
  RunDueTransitions: Symbol('RunDueTransitions') as ServiceIdentifier<RunDueTransitions>,
  ReconcileLiveStream: Symbol('ReconcileLiveStream') as ServiceIdentifier<ReconcileLiveStream>,
  GetStreamStatus: Symbol('GetStreamStatus') as ServiceIdentifier<GetStreamStatus>,
  StreamPosition: Symbol('StreamPosition') as ServiceIdentifier<StreamPosition>,
} as const;

export interface Adapters {
  readonly clock: Clock;
  readonly timer: Timer;
  readonly concerts: ConcertRepository;
  readonly cardStates: CardStateStore;
  readonly outbox: LiveEventOutbox;
  readonly settings: RealtimeSettingsStore;
  readonly unitOfWork: UnitOfWork;
  readonly publisher: LiveEventPublisher;
  readonly scheduler: TransitionScheduler;
  readonly observer: PublicationObserver;
}

export interface Tuning {
  readonly inventoryCoalesceMs: number;
  readonly snapshotMaxAgeMs: number;
}

export function buildContainer(adapters: Adapters, tuning: Tuning): Container {
  const c = new Container({ defaultScope: 'Singleton' });
  c.bind(PORTS.Clock).toConstantValue(adapters.clock);
  c.bind(PORTS.Timer).toConstantValue(adapters.timer);
  c.bind(PORTS.ConcertRepository).toConstantValue(adapters.concerts);
  c.bind(PORTS.CardStateStore).toConstantValue(adapters.cardStates);
  c.bind(PORTS.LiveEventOutbox).toConstantValue(adapters.outbox);
  c.bind(PORTS.RealtimeSettingsStore).toConstantValue(adapters.settings);
  c.bind(PORTS.UnitOfWork).toConstantValue(adapters.unitOfWork);
  c.bind(PORTS.LiveEventPublisher).toConstantValue(adapters.publisher);
  c.bind(PORTS.TransitionScheduler).toConstantValue(adapters.scheduler);
  c.bind(PORTS.PublicationObserver).toConstantValue(adapters.observer);

  const U = USE_CASES;
  const P = PORTS;
  c.bind(U.StreamPosition).toConstantValue(new StreamPosition());
  c.bind(U.ConcertCardRuntime).toResolvedValue((concerts) => new ConcertCardRuntime(concerts), [P.ConcertRepository]);
  c.bind(U.CurrentRealtimeSettings).toResolvedValue((store, clock) => new CurrentRealtimeSettings(store, clock), [P.RealtimeSettingsStore, P.Clock]);
  c.bind(U.SearchCards).toResolvedValue(
    (concerts, outbox, runtime, settings, clock, position) => new SearchCards(concerts, outbox, runtime, settings, clock, position, tuning.snapshotMaxAgeMs),
    [P.ConcertRepository, P.LiveEventOutbox, U.ConcertCardRuntime, U.CurrentRealtimeSettings, P.Clock, U.StreamPosition],
  );
  c.bind(U.GetCard).toResolvedValue((runtime, outbox, clock) => new GetCard(runtime, outbox, clock), [U.ConcertCardRuntime, P.LiveEventOutbox, P.Clock]);
  c.bind(U.GetHighlights).toResolvedValue(
    (concerts, outbox, runtime, settings, clock) => new GetHighlights(concerts, outbox, runtime, settings, clock),
    [P.ConcertRepository, P.LiveEventOutbox, U.ConcertCardRuntime, U.CurrentRealtimeSettings, P.Clock],
  );
  c.bind(U.EmitLiveChange).toResolvedValue(
    (publisher, outbox, settings, clock, observer, position) => new EmitLiveChange(publisher, outbox, settings, clock, observer, position),
    [P.LiveEventPublisher, P.LiveEventOutbox, U.CurrentRealtimeSettings, P.Clock, P.PublicationObserver, U.StreamPosition],
  );
  c.bind(U.PublishCardChanges).toResolvedValue(
    (uow, emitter, scheduler, clock, observer) => new PublishCardChanges(uow, emitter, scheduler, clock, observer),
    [P.UnitOfWork, U.EmitLiveChange, P.TransitionScheduler, P.Clock, P.PublicationObserver],
  );
  c.bind(U.CoalesceInventoryChanges).toResolvedValue(
    (publication, timer, observer) => new CoalesceInventoryChanges(publication, timer, observer, tuning.inventoryCoalesceMs),
    [U.PublishCardChanges, P.Timer, P.PublicationObserver],
  );
  c.bind(U.CreateConcert).toResolvedValue((uow, publication, clock) => new CreateConcert(uow, publication, clock), [P.UnitOfWork, U.PublishCardChanges, P.Clock]);
  c.bind(U.UpdateConcert).toResolvedValue((uow, publication, clock) => new UpdateConcert(uow, publication, clock), [P.UnitOfWork, U.PublishCardChanges, P.Clock]);
  c.bind(U.DeleteConcert).toResolvedValue((uow, emitter, clock) => new DeleteConcert(uow, emitter, clock), [P.UnitOfWork, U.EmitLiveChange, P.Clock]);
  c.bind(U.ReserveSeats).toResolvedValue((concerts, coalescer, clock) => new ReserveSeats(concerts, coalescer, clock), [P.ConcertRepository, U.CoalesceInventoryChanges, P.Clock]);
  c.bind(U.ChangeRealtimeSettings).toResolvedValue((uow, emitter, clock) => new ChangeRealtimeSettings(uow, emitter, clock), [P.UnitOfWork, U.EmitLiveChange, P.Clock]);
  c.bind(U.RunDueTransitions).toResolvedValue(
    (cardStates, publication, timer, clock) => new RunDueTransitions(cardStates, publication, timer, clock),
    [P.CardStateStore, U.PublishCardChanges, P.Timer, P.Clock],
  );
  c.bind(U.ReconcileLiveStream).toResolvedValue(
    (outbox, cardStates, emitter, transitions, publication, clock) =>
      new ReconcileLiveStream(outbox, cardStates, emitter, transitions, publication, clock, {
        unsentGraceMs: 2_000,
        boundaryGraceMs: 1_000,
        inventoryGraceMs: Math.max(1_000, tuning.inventoryCoalesceMs * 4),
        outboxRetentionMs: 3_600_000,
      }),
    [P.LiveEventOutbox, P.CardStateStore, U.EmitLiveChange, U.RunDueTransitions, U.PublishCardChanges, P.Clock],
  );
  c.bind(U.GetStreamStatus).toResolvedValue((outbox, settings, clock) => new GetStreamStatus(outbox, settings, clock), [P.LiveEventOutbox, U.CurrentRealtimeSettings, P.Clock]);
  return c;
}
