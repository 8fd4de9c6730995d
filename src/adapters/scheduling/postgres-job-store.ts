// Agenda's jobs in PostgreSQL (the default). Three things Agenda 6's PostgreSQL backend leaves to us:
// - Its schema set-up (CREATE TABLE IF NOT EXISTS, CREATE OR REPLACE FUNCTION, DROP/CREATE TRIGGER)
//   collides when several instances start at once; we hold a PostgreSQL advisory lock around it.
// - Its `unique()` is select-then-insert with no constraint, so two instances can both insert the
//   same boundary; a partial unique index on the boundary's data key makes the second insert fail
//   (23505), which the scheduler reads as "already scheduled".
// - It connects from Agenda's constructor and drops the promise; connect() here never rejects and
//   reports its outcome through `connected()`.
// We pass our own pg Pool so its idle-client errors reach the logger instead of crashing the process.

import { PostgresBackend } from '@agendajs/postgres-backend';
import pg from 'pg';
import { guardedBackend, settleOnce, type JobStore } from './job-store.js';

export interface PostgresJobStoreOptions {
  readonly databaseUrl: string;
  /** Agenda's table (also the LISTEN/NOTIFY channel name); a plain lower-case identifier. */
  readonly tableName: string;
  /** The job whose `data[dataKey]` must be unique among its jobs. */
  readonly uniqueBoundary: { readonly jobName: string; readonly dataKey: string };
  readonly poolSize: number;
  readonly onError: (error: unknown, context: string) => void;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;
const LITERAL = /^[A-Za-z0-9_:-]+$/;

export function createPostgresJobStore(options: PostgresJobStoreOptions): JobStore {
  const { tableName, uniqueBoundary } = options;
  if (!IDENTIFIER.test(tableName)) throw new Error(`invalid Agenda table name: ${tableName}`);
  if (!LITERAL.test(uniqueBoundary.jobName) || !LITERAL.test(uniqueBoundary.dataKey)) {
    throw new Error(`invalid unique boundary key: ${uniqueBoundary.jobName}/${uniqueBoundary.dataKey}`);
  }
  const uniqueIndex = `${tableName}_${uniqueBoundary.jobName.replace(/[^a-z0-9_]/gi, '_')}_unique_idx`.toLowerCase();

  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize });
  pool.on('error', (error) => options.onError(error, 'agenda postgres pool (idle connection)'));
  const inner = new PostgresBackend({ pool, tableName, channelName: tableName, logTableName: `${tableName}_logs` });
  inner.notificationChannel?.on('error', (error) => options.onError(error, 'agenda LISTEN/NOTIFY channel'));

  const connection = settleOnce(async () => {
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('SELECT pg_advisory_lock(hashtext($1))', [`agenda-schema:${tableName}`]);
      try {
        await inner.connect();
        await client.query(
          `CREATE UNIQUE INDEX IF NOT EXISTS "${uniqueIndex}" ON "${tableName}" ((data->>'${uniqueBoundary.dataKey}')) ` +
            `WHERE name = '${uniqueBoundary.jobName}'`,
        );
      } finally {
        await client.query('SELECT pg_advisory_unlock(hashtext($1))', [`agenda-schema:${tableName}`]).catch((error: Error) => {
          broken = error; // a session we cannot unlock must not go back to the pool
        });
      }
    } finally {
      client.release(broken);
    }
  });

  const { backend, settled } = guardedBackend(inner, connection.run);

  return {
    label: 'PostgreSQL',
    backend,
    connected: connection.outcome,
    isDuplicateBoundary: (error) => isUniqueViolation(error, uniqueIndex),
    close: async () => {
      await settled();
      await pool.end();
    },
  };
}

function isUniqueViolation(error: unknown, constraint: string): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === '23505' && 'constraint' in error && error.constraint === constraint;
}
