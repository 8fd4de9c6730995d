// One READ COMMITTED transaction on a session taken from the write pool, for the publication and
// reservation transactions. It is run here rather than through MikroORM's `transactional`, whose
// transaction (Kysely's) never returns its connection to the pool when ROLLBACK fails — as it does
// on a session the server ended (idle_in_transaction_session_timeout, a restart): each such
// failure would leak one pooled connection for good. Here a session whose rollback failed is
// released as broken, and the pool discards it.

import type { PostgreSqlConnection } from '@mikro-orm/postgresql';
import type pg from 'pg';
import { translated } from './database-unavailable.js';
import { SqlRunner } from './sql-runner.js';

export async function inTransaction<T>(connection: PostgreSqlConnection, work: (sql: SqlRunner) => Promise<T>): Promise<T> {
  let session: pg.PoolClient;
  try {
    session = await ((await connection.getNativeClient()) as pg.Pool).connect();
  } catch (error) {
    throw translated(error);
  }
  let broken: Error | undefined;
  try {
    await session.query('begin isolation level read committed');
    const result = await work(new SqlRunner(connection, session));
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
