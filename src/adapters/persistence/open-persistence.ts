// The persistence adapter's entry point for bootstrap: one MikroORM instance (pg pools underneath)
// and everything built on it — publication transactions, autocommit stores for plain reads,
// migrations, readiness ping, advisory locks. Opening connects lazily, so a database that is down
// makes calls reject (and recover when it returns) instead of failing the process.
//
// Every connection carries statement, lock and idle-in-transaction timeouts (startup parameters,
// so a reconnected session has them too): a row held by someone else makes a writer give up in
// `lockMs` instead of holding a pooled connection for as long as the holder likes. Plain reads
// (search, cards, highlights, stream head, settings) draw from a pool of their own — MikroORM's
// read-replica connection pointed at the same database — so writers queued behind a lock can
// exhaust only the write pool, never the reads that need no locked row. Migrations run on a
// short-lived connection of their own without the timeouts: an index build may take minutes.
//
// MikroORM serves connections, transactions and migrations only: every statement is hand-written
// SQL over its connection (concert-rows.ts maps the columns), so there are no entities — a second
// copy of the schema that no query would use and nothing would check.

import { Migrator } from '@mikro-orm/migrations';
import { MikroORM, type PostgreSqlConnection } from '@mikro-orm/postgresql';
import type pg from 'pg';
import type { RealtimeSettings } from '../../domain/realtime/realtime-mode.js';
import type { PublicationTransactions } from '../../application/ports/outbound/publication-transactions.js';
import type { ReservationTransactions } from '../../application/ports/outbound/reservation-transactions.js';
import { withAdvisoryLockOn } from './advisory-lock.js';
import { MIGRATIONS } from './migrations/index.js';
import { PostgresPublicationTransactions, PostgresReservationTransactions, storesOn, type PostgresStores } from './postgres-stores.js';
import { SqlRunner } from './sql-runner.js';
import { countStatementsOn } from './statement-counter.js';

export interface PersistenceOptions {
  /** Most connections the pool opens (default 10; at least 2, one may hold an advisory lock). */
  readonly poolSize?: number;
  /** Log every SQL statement (MikroORM query logger). */
  readonly debug?: boolean;
  /** How long to wait for a new connection before the call rejects (default 5000 ms). */
  readonly connectTimeoutMs?: number;
  /** Session timeouts of every service connection (default DEFAULT_SESSION_TIMEOUTS). */
  readonly timeouts?: SessionTimeouts;
  /** Called once per SQL statement sent on the write or the read pool (db_statements_total). */
  readonly onStatement?: (pool: 'write' | 'read') => void;
}

/** PostgreSQL's statement_timeout, lock_timeout and idle_in_transaction_session_timeout; 0 = none. */
export interface SessionTimeouts {
  readonly statementMs: number;
  readonly lockMs: number;
  readonly idleInTransactionMs: number;
}

export const DEFAULT_SESSION_TIMEOUTS: SessionTimeouts = { statementMs: 5_000, lockMs: 2_000, idleInTransactionMs: 10_000 };

export interface Persistence {
  readonly transactions: PublicationTransactions;
  readonly reservations: ReservationTransactions;
  /** The same stores as a transaction's, each call in its own autocommit statement. */
  readonly stores: PostgresStores;
  /** Applies pending migrations, one instance at a time; a no-op when the schema is current. */
  migrate(): Promise<string[]>;
  /** Seeds the shared realtime setting from configuration at `now` if absent; returns the one in force. */
  ensureRealtimeSettings(defaults: RealtimeSettings, now: number): Promise<RealtimeSettings>;
  /** Runs `fn` while holding a cluster-wide advisory lock named `key` on a dedicated connection. */
  withAdvisoryLock<T>(key: string, fn: () => Promise<T>): Promise<T>;
  /** True when `select 1` answers within `timeoutMs` (default 2000). Never rejects. */
  ping(timeoutMs?: number): Promise<boolean>;
  close(): Promise<void>;
}

const MIGRATION_LOCK_KEY = 'concert-card-live:migrate';
const DEFAULT_POOL_SIZE = 10;
const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
const DEFAULT_PING_TIMEOUT_MS = 2_000;

export function openPersistence(databaseUrl: string, options: PersistenceOptions = {}): Persistence {
  const orm = openOrm(databaseUrl, options, options.timeouts ?? DEFAULT_SESSION_TIMEOUTS, true);
  const connection = orm.em.getConnection('write') as PostgreSqlConnection;
  const reads = orm.em.getConnection('read') as PostgreSqlConnection;
  const stores = storesOn(new SqlRunner(connection), new SqlRunner(reads));
  const pool = (): Promise<pg.Pool> => connection.getNativeClient() as Promise<pg.Pool>;
  const onStatement = options.onStatement;
  if (onStatement) {
    // The pools exist once asked for and open connections lazily: the listener is on before the first.
    void pool().then((p) => countStatementsOn(p, () => onStatement('write')));
    void (reads.getNativeClient() as Promise<pg.Pool>).then((p) => countStatementsOn(p, () => onStatement('read')));
  }
  const withAdvisoryLock = async <T>(key: string, fn: () => Promise<T>): Promise<T> => withAdvisoryLockOn(await pool(), key, fn);

  return {
    transactions: new PostgresPublicationTransactions(connection),
    reservations: new PostgresReservationTransactions(connection),
    stores,
    withAdvisoryLock,
    migrate: async () => {
      const migrating = openOrm(databaseUrl, { ...options, poolSize: 2 }, { statementMs: 0, lockMs: 0, idleInTransactionMs: 0 }, false);
      try {
        const lockPool = (await migrating.em.getConnection().getNativeClient()) as pg.Pool;
        return await withAdvisoryLockOn(lockPool, MIGRATION_LOCK_KEY, async () => (await migrating.migrator.up()).map((migration) => migration.name));
      } finally {
        await migrating.close();
      }
    },
    ensureRealtimeSettings: (defaults, now) => stores.settings.ensure(defaults, now),
    ping: (timeoutMs = DEFAULT_PING_TIMEOUT_MS) => answersWithin(reads.execute('select 1', [], 'get'), timeoutMs),
    close: () => orm.close(),
  };
}

function openOrm(databaseUrl: string, options: PersistenceOptions, timeouts: SessionTimeouts, separateReads: boolean): MikroORM {
  return new MikroORM({
    clientUrl: databaseUrl,
    entities: [],
    discovery: { warnWhenNoEntities: false },
    extensions: [Migrator],
    migrations: { migrationsList: MIGRATIONS, snapshot: false, silent: true, transactional: true, allOrNothing: true },
    ensureDatabase: false,
    pool: { min: 0, max: Math.max(2, options.poolSize ?? DEFAULT_POOL_SIZE) },
    // The read pool: same database, same options, its own connections.
    ...(separateReads ? { replicas: [{ name: 'reads', clientUrl: databaseUrl }] } : {}),
    driverOptions: {
      connectionTimeoutMillis: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
      // pg sends these as startup parameters; 0 sends nothing, which leaves the server's default (none).
      statement_timeout: timeouts.statementMs,
      lock_timeout: timeouts.lockMs,
      idle_in_transaction_session_timeout: timeouts.idleInTransactionMs,
    },
    debug: options.debug ?? false,
  });
}

async function answersWithin(query: Promise<unknown>, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([query.then(() => true, () => false), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
