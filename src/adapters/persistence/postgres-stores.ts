// Every store of the persistence adapter bound to its SqlRunners: autocommit statements (plain
// reads on the read pool, writes on the write pool), or one transaction for a publication.

import type { PublicationStores, PublicationTransactions } from '../../application/ports/outbound/publication-transactions.js';
import type { PostgreSqlConnection } from '@mikro-orm/postgresql';
import type { ReservationStores, ReservationTransactions } from '../../application/ports/outbound/reservation-transactions.js';
import { PostgresCardStateStore } from './postgres-card-state-store.js';
import { PostgresConcertReads } from './postgres-concert-reads.js';
import { PostgresConcertWrites } from './postgres-concert-writes.js';
import { PostgresLiveEventOutbox } from './postgres-live-event-outbox.js';
import { PostgresRealtimeSettingsStore } from './postgres-realtime-settings-store.js';
import { PostgresReservationRequests } from './postgres-reservation-requests.js';
import { inTransaction } from './session-transaction.js';
import type { SqlRunner } from './sql-runner.js';

export interface PostgresStores {
  readonly concerts: PostgresConcertReads;
  readonly catalogue: PostgresConcertWrites;
  readonly cardStates: PostgresCardStateStore;
  readonly outbox: PostgresLiveEventOutbox;
  readonly settings: PostgresRealtimeSettingsStore;
  readonly requests: PostgresReservationRequests;
}

/** `reads` serves the statements that lock nothing; inside a transaction both are the transaction. */
export function storesOn(sql: SqlRunner, reads: SqlRunner = sql): PostgresStores {
  return {
    concerts: new PostgresConcertReads(reads),
    catalogue: new PostgresConcertWrites(sql),
    cardStates: new PostgresCardStateStore(sql),
    outbox: new PostgresLiveEventOutbox(sql, reads),
    settings: new PostgresRealtimeSettingsStore(sql, reads),
    requests: new PostgresReservationRequests(sql),
  };
}

/** One transaction per publication (session-transaction.ts). */
export class PostgresPublicationTransactions implements PublicationTransactions {
  constructor(private readonly connection: PostgreSqlConnection) {}

  run<T>(work: (stores: PublicationStores) => Promise<T>): Promise<T> {
    return inTransaction(this.connection, (sql) => work(storesOn(sql)));
  }
}

/** One transaction per keyed reservation: its seats and its stored answer commit together. */
export class PostgresReservationTransactions implements ReservationTransactions {
  constructor(private readonly connection: PostgreSqlConnection) {}

  run<T>(work: (stores: ReservationStores) => Promise<T>): Promise<T> {
    return inTransaction(this.connection, (sql) => {
      const stores = storesOn(sql);
      return work({ concerts: stores.concerts, inventory: stores.catalogue, requests: stores.requests });
    });
  }
}
