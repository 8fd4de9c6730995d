// The job stores the scheduler contract (boundary-contract.ts, recurring-contract.ts) runs
// against: PostgreSQL (a fresh database per test on the local server) and MongoDB through the
// wire-compatible emulator (test/support/mongo-emulator.ts: one emulator process per suite, a
// fresh database per test).
// Each gives the scheduler options that select it, an unreachable twin, and the few reads the
// tests make of where Agenda keeps its jobs.

import { MongoClient } from 'mongodb';
import pg from 'pg';
import type { AgendaSchedulerOptions } from '../../src/adapters/scheduling/agenda-scheduler.js';
import { startMongoEmulator, type MongoEmulator } from '../support/mongo-emulator.js';
import { createTestDatabase } from '../support/test-database.js';

export type StoreSelection = Pick<AgendaSchedulerOptions, 'databaseUrl' | 'mongoUrl'>;

export interface JobStoreUnderTest {
  readonly select: StoreSelection;
  /** The same kind of store where nothing listens (connect fails within a few seconds). */
  readonly unreachable: StoreSelection;
  /** Arguments naming this store for test/scheduling/reconciling-instance.js. */
  readonly childArgs: readonly string[];
  /** Boundary jobs stored for the instant `at`. */
  boundaryJobs(at: number): Promise<number>;
  /** failReason of every job named `name`. */
  failReasons(name: string): Promise<(string | null)[]>;
  /** Names of the unique indexes on Agenda's jobs besides the primary key. */
  uniqueIndexes(): Promise<string[]>;
  drop(): Promise<void>;
}

export interface SchedulerBackend {
  readonly name: string;
  setUp(): Promise<void>;
  tearDown(): Promise<void>;
  fresh(): Promise<JobStoreUnderTest>;
}

const TABLE = 'agenda_jobs';

export function postgresBackend(): SchedulerBackend {
  return {
    name: 'PostgreSQL',
    setUp: async () => undefined,
    tearDown: async () => undefined,
    async fresh() {
      const database = await createTestDatabase();
      const query = async <R extends pg.QueryResultRow>(sql: string, params: unknown[] = []) => {
        const client = new pg.Client({ connectionString: database.url });
        await client.connect();
        try {
          return (await client.query<R>(sql, params)).rows;
        } finally {
          await client.end();
        }
      };
      return {
        select: { databaseUrl: database.url },
        unreachable: { databaseUrl: 'postgres://postgres@127.0.0.1:1/nowhere' },
        childArgs: ['postgres', database.url],
        boundaryJobs: async (at) => (await query(`SELECT id FROM ${TABLE} WHERE name = 'card-boundary' AND data->>'at' = $1`, [String(at)])).length,
        failReasons: async (name) => (await query<{ fail_reason: string | null }>(`SELECT fail_reason FROM ${TABLE} WHERE name = $1`, [name])).map((r) => r.fail_reason),
        uniqueIndexes: async () =>
          (await query<{ indexname: string }>(`SELECT indexname FROM pg_indexes WHERE tablename = '${TABLE}' AND indexdef LIKE 'CREATE UNIQUE%' AND indexname <> '${TABLE}_pkey' ORDER BY 1`)).map(
            (r) => r.indexname,
          ),
        drop: () => database.drop(),
      };
    },
  };
}

export function mongoEmulatorBackend(): SchedulerBackend {
  let emulator: MongoEmulator | null = null;
  return {
    name: 'MongoDB wire protocol (in-process emulator, not mongod)',
    async setUp() {
      emulator = await startMongoEmulator();
    },
    async tearDown() {
      await emulator?.stop();
      emulator = null;
    },
    async fresh() {
      if (!emulator) throw new Error('mongoEmulatorBackend().setUp() first');
      const url = emulator.databaseUrl();
      const client = new MongoClient(url);
      await client.connect();
      const jobs = client.db().collection(TABLE);
      return {
        // databaseUrl is ignored when mongoUrl is given; the service always has one.
        select: { databaseUrl: 'postgres://unused', mongoUrl: url },
        unreachable: { databaseUrl: 'postgres://unused', mongoUrl: 'mongodb://127.0.0.1:1/nowhere?directConnection=true&serverSelectionTimeoutMS=1000' },
        childArgs: ['mongo', url],
        boundaryJobs: (at) => jobs.countDocuments({ name: 'card-boundary', 'data.at': at }),
        failReasons: async (name) => (await jobs.find({ name }).toArray()).map((job) => (job.failReason as string | null) ?? null),
        uniqueIndexes: async () =>
          (await jobs.listIndexes().toArray())
            .filter((index) => index.unique && index.name !== '_id_')
            .map((index) => String(index.name))
            .sort(),
        async drop() {
          await client.db().dropDatabase().catch(() => undefined);
          await client.close();
        },
      };
    },
  };
}
