// One database transaction around a change and its outbox row, so they commit together. Only the
// publication engine opens one; the writes it hands to a use case see the editing stores alone.

import type { ConcertCatalogue } from './concert-catalogue.js';
import type { OutboxAppend } from './outbox.js';
import type { PublishedCardStates } from './published-card-states.js';
import type { RealtimeSettingsWrite } from './realtime-settings-store.js';
import type { StoredConcerts } from './stored-concerts.js';

/** What a use case may read and change inside a publication. */
export interface EditingStores {
  readonly concerts: StoredConcerts;
  readonly catalogue: ConcertCatalogue;
  readonly settings: RealtimeSettingsWrite;
}

/** What the engine itself uses inside the transaction, besides the editing stores. */
export interface PublicationStores extends EditingStores {
  readonly cardStates: PublishedCardStates;
  readonly outbox: OutboxAppend;
}

export interface PublicationTransactions {
  /** Runs `work` in one READ COMMITTED transaction; rolls back if it throws. */
  run<T>(work: (stores: PublicationStores) => Promise<T>): Promise<T>;
}
