// One database transaction around a change and its outbox row, so they commit together.

import type { CardStateStore } from './card-state-store.js';
import type { ConcertRepository } from './concert-repository.js';
import type { LiveEventOutbox } from './live-event-outbox.js';
import type { RealtimeSettingsStore } from './realtime-settings-store.js';

export interface TransactionalStores {
  readonly concerts: ConcertRepository;
  readonly cardStates: CardStateStore;
  readonly outbox: LiveEventOutbox;
  readonly settings: RealtimeSettingsStore;
}

export interface UnitOfWork {
  /** Runs `work` in one transaction; rolls back if it throws. */
  transaction<T>(work: (stores: TransactionalStores) => Promise<T>): Promise<T>;
}
