// Where the service instances of the multi-instance live test keep Agenda's jobs, and the reads
// the test makes of them: PostgreSQL (the agenda_jobs table of the service's database, the
// default) or MongoDB (the agenda_jobs collection behind AGENDA_MONGO_URL, on the
// MongoDB-wire-compatible emulator this module starts as its own process).

import { MongoClient } from 'mongodb';
import type pg from 'pg';
import { startMongoEmulator, type MongoEmulator } from '../support/mongo-emulator.js';

export interface AgendaJobsProbe {
  /** The instance holding the lock of the boundary job for `at`, if any. */
  boundaryLockHolder(at: number): Promise<string | undefined>;
  /** Names of the jobs `instance` holds locked. */
  lockedBy(instance: string): Promise<string[]>;
  /** Whether a boundary job for `at` is still stored (it is removed once it has run). */
  boundaryStored(at: number): Promise<boolean>;
  close(): Promise<void>;
}

export function postgresJobs(db: pg.Client): AgendaJobsProbe {
  return {
    async boundaryLockHolder(at) {
      const { rows } = await db.query<{ holder: string }>(
        `select last_modified_by as holder from agenda_jobs where name = 'card-boundary' and (data->>'at')::bigint = $1 and locked_at is not null`,
        [at],
      );
      return rows[0]?.holder;
    },
    async lockedBy(instance) {
      const { rows } = await db.query<{ name: string }>('select name from agenda_jobs where locked_at is not null and last_modified_by = $1 order by name', [instance]);
      return rows.map((r) => r.name);
    },
    async boundaryStored(at) {
      return ((await db.query(`select 1 from agenda_jobs where name = 'card-boundary' and (data->>'at')::bigint = $1`, [at])).rowCount ?? 0) > 0;
    },
    close: async () => undefined,
  };
}

export async function mongoJobs(url: string): Promise<AgendaJobsProbe> {
  const client = new MongoClient(url);
  await client.connect();
  const jobs = client.db().collection('agenda_jobs');
  return {
    async boundaryLockHolder(at) {
      const job = await jobs.findOne({ name: 'card-boundary', 'data.at': at, lockedAt: { $ne: null } });
      return (job?.lastModifiedBy as string | null | undefined) ?? undefined;
    },
    async lockedBy(instance) {
      return (await jobs.find({ lockedAt: { $ne: null }, lastModifiedBy: instance }).toArray()).map((job) => String(job.name)).sort();
    },
    boundaryStored: async (at) => (await jobs.countDocuments({ name: 'card-boundary', 'data.at': at })) > 0,
    close: () => client.close(),
  };
}

/** Where the instances keep Agenda's jobs. */
export interface JobBackend {
  readonly name: string;
  /** Starts what the backend needs; returns the instances' extra environment and a probe of their jobs. */
  open(db: pg.Client): Promise<{ env: Record<string, string>; jobs: AgendaJobsProbe }>;
  close(): Promise<void>;
}

export const postgresBackend: JobBackend = {
  name: 'Agenda jobs in PostgreSQL',
  open: async (db) => ({ env: {}, jobs: postgresJobs(db) }),
  close: async () => undefined,
};

export function mongoEmulatorBackend(): JobBackend {
  let emulator: MongoEmulator | null = null;
  return {
    name: 'Agenda jobs on the MongoDB-wire-compatible emulator',
    async open() {
      emulator = await startMongoEmulator();
      const url = emulator.databaseUrl('live');
      return { env: { AGENDA_MONGO_URL: url }, jobs: await mongoJobs(url) };
    },
    close: async () => emulator?.stop(),
  };
}
