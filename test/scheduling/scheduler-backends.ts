// The job stores the scheduler contract (scheduler-contract.ts) runs against: PostgreSQL (a fresh
// database per test on the local server). Each gives the scheduler options that select it, an
// unreachable twin, and the few reads the tests make of where Agenda keeps its jobs.

import pg from 'pg';
import type { AgendaSchedulerOptions } from '../../src/adapters/scheduling/agenda-scheduler.js';
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
