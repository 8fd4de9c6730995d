// UnitOfWork on PostgreSQL: one READ COMMITTED transaction with every store bound to it; MikroORM's
// connection commits when the work resolves and rolls back when it throws.

import { IsolationLevel } from '@mikro-orm/core';
import type { PostgreSqlConnection } from '@mikro-orm/postgresql';
import type { TransactionalStores, UnitOfWork } from '../../application/ports/unit-of-work.js';
import { PostgresCardStateStore } from './postgres-card-state-store.js';
import { PostgresConcertRepository } from './postgres-concert-repository.js';
import { PostgresLiveEventOutbox } from './postgres-live-event-outbox.js';
import { PostgresRealtimeSettingsStore } from './postgres-realtime-settings-store.js';
import { SqlRunner } from './sql-runner.js';

export interface PostgresStores extends TransactionalStores {
  readonly settings: PostgresRealtimeSettingsStore;
}

export function storesOn(sql: SqlRunner): PostgresStores {
  return {
    concerts: new PostgresConcertRepository(sql),
    cardStates: new PostgresCardStateStore(sql),
    outbox: new PostgresLiveEventOutbox(sql),
    settings: new PostgresRealtimeSettingsStore(sql),
  };
}

export class PostgresUnitOfWork implements UnitOfWork {
  constructor(private readonly connection: PostgreSqlConnection) {}

  transaction<T>(work: (stores: TransactionalStores) => Promise<T>): Promise<T> {
    return this.connection.transactional((trx) => work(storesOn(new SqlRunner(this.connection, trx))), {
      isolationLevel: IsolationLevel.READ_COMMITTED,
    });
  }
}
