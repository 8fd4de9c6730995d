// Every store of the persistence adapter bound to its SqlRunners: autocommit statements (plain
// reads on the read pool, writes on the write pool), or one transaction for a publication.

import type { PublicationStores, PublicationTransactions } from '../../application/ports/outbound/publication-transactions.js';
import type { PostgreSqlConnection } from '@mikro-orm/postgresql';
import type pg from 'pg';
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

/** `reads` serves the statements that lock nothing; inside a transaction both are the transaction. */
export function storesOn(sql: SqlRunner, reads: SqlRunner = sql): PostgresStores {
  return {
    concerts: new PostgresConcertReads(reads),
    catalogue: new PostgresConcertWrites(sql),
    cardStates: new PostgresCardStateStore(sql),
    outbox: new PostgresLiveEventOutbox(sql, reads),
    settings: new PostgresRealtimeSettingsStore(sql, reads),
  };
}

/**
 * One READ COMMITTED transaction per publication, on a session taken from the write pool. It is
 * run here rather than through MikroORM's `transactional`, whose transaction (Kysely's) never
 * returns its connection to the pool when ROLLBACK fails — as it does on a session the server
 * ended (idle_in_transaction_session_timeout, a restart): each such failure would leak one pooled
 * connection for good. Here a session whose rollback failed is released as broken, and the pool
 * discards it.
 */
export class PostgresPublicationTransactions implements PublicationTransactions {
  constructor(private readonly connection: PostgreSqlConnection) {}

  async run<T>(work: (stores: PublicationStores) => Promise<T>): Promise<T> {
    let session: pg.PoolClient;
    try {
      session = await ((await this.connection.getNativeClient()) as pg.Pool).connect();
    } catch (error) {
      throw translated(error);
    }
    let broken: Error | undefined;
    try {
      await session.query('begin isolation level read committed');
      const result = await work(storesOn(new SqlRunner(this.connection, session)));
      await session.query('commit');
      return result;
    } catch (error) {
      await session.query('rollback').catch((rollbackFailed: unknown) => {
        broken = rollbackFailed instanceof Error ? rollbackFailed : new Error(String(rollbackFailed));
      });
      throw translated(error);
    } finally {
      session.release(broken);
    }
  }
}
