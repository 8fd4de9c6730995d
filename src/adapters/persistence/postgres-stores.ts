// Every store of the persistence adapter bound to one SqlRunner: autocommit statements for plain
// reads, or one transaction for a publication.

import type { PublicationStores, PublicationTransactions } from '../../application/ports/outbound/publication-transactions.js';
import { IsolationLevel } from '@mikro-orm/core';
import type { PostgreSqlConnection } from '@mikro-orm/postgresql';
import { translated } from './database-unavailable.js';
import { PostgresCardStateStore } from './postgres-card-state-store.js';
import { PostgresConcertReads } from './postgres-concert-reads.js';
import { PostgresConcertWrites } from './postgres-concert-writes.js';
import { PostgresLiveEventOutbox } from './postgres-live-event-outbox.js';
import { PostgresRealtimeSettingsStore } from './postgres-realtime-settings-store.js';
import { SqlRunner } from './sql-runner.js';

export interface PostgresStores {
  readonly concerts: PostgresConcertReads;
  readonly catalogue: PostgresConcertWrites;
  readonly cardStates: PostgresCardStateStore;
  readonly outbox: PostgresLiveEventOutbox;
  readonly settings: PostgresRealtimeSettingsStore;
}

export function storesOn(sql: SqlRunner): PostgresStores {
  return {
    concerts: new PostgresConcertReads(sql),
    catalogue: new PostgresConcertWrites(sql),
    cardStates: new PostgresCardStateStore(sql),
    outbox: new PostgresLiveEventOutbox(sql),
    settings: new PostgresRealtimeSettingsStore(sql),
  };
}

/** One READ COMMITTED transaction per publication; MikroORM commits when the work resolves. */
export class PostgresPublicationTransactions implements PublicationTransactions {
  constructor(private readonly connection: PostgreSqlConnection) {}

  async run<T>(work: (stores: PublicationStores) => Promise<T>): Promise<T> {
    try {
      return await this.connection.transactional((trx) => work(storesOn(new SqlRunner(this.connection, trx))), {
        isolationLevel: IsolationLevel.READ_COMMITTED,
      });
    } catch (error) {
      throw translated(error);
    }
  }
}
