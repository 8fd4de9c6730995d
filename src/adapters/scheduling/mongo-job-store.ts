// Agenda's jobs in MongoDB, the configuration switch (AGENDA_MONGO_URL) for sites that run Agenda
// on Mongo. The guards the PostgreSQL store has, in Mongo's terms:
// - One job per boundary instant. Agenda's `unique()` with insertOnly is one findOneAndUpdate upsert
//   on { name, data.at }. On mongod an upsert alone is not atomic across clients (two can both find
//   nothing and both insert), so a unique index on { name, data.<key> } (partial: boundary jobs
//   only) lets exactly one insert win; the loser either matches the winner's document (mongod
//   retries an upsert whose filter is exactly the index key) or fails with E11000 on that index,
//   which the scheduler reads as "already scheduled".
// - One document per recurring job (Agenda's every() upserts on { name, type: 'single' }): a unique
//   index on { name, type } for type 'single', as the PostgreSQL backend has on name.
// - every() must not unlock a running recurring job: see mongo-recurring-jobs.ts.
// - connect() never rejects (Agenda calls it from its constructor and drops the promise); start()
//   learns the outcome from `connected()`. Index creation is idempotent in MongoDB, so instances
//   starting together need no lock.
// We build the MongoClient ourselves (the backend gets its Db) so that the store owns and closes
// the connection and creates its indexes on the same client. The URL goes to the driver untouched:
// options a particular server needs (the test emulator needs serverMonitoringMode=poll) belong in
// the URL, and none is forced on a real MongoDB. Without a notification channel (MongoDB's is a
// change stream, which the emulator lacks, so it is not wired) jobs are found by Agenda's scans.

import { MongoBackend } from '@agendajs/mongo-backend';
import { MongoClient } from 'mongodb';
import type { Clock } from '../../application/ports/clock.js';
import { guardedBackend, settleOnce, type JobStore } from './job-store.js';
import { isDuplicateKeyOn, protectRecurringLocks } from './mongo-recurring-jobs.js';

export interface MongoJobStoreOptions {
  readonly mongoUrl: string;
  /** Agenda's collection, in the URL's database. */
  readonly collection: string;
  /** The job whose `data[dataKey]` must be unique among its jobs. */
  readonly uniqueBoundary: { readonly jobName: string; readonly dataKey: string };
  /** Where "now" comes from (see mongo-recurring-jobs.ts). */
  readonly clock: Clock;
}

export function createMongoJobStore(options: MongoJobStoreOptions): JobStore {
  const { collection, uniqueBoundary } = options;
  const boundaryIndex = `${collection}_${uniqueBoundary.jobName}_unique`;
  const recurringIndex = `${collection}_single_unique`;

  const client = new MongoClient(options.mongoUrl);
  const db = client.db();
  const jobs = db.collection(collection);
  const inner = new MongoBackend({ mongo: db, collection });

  const connection = settleOnce(async () => {
    await client.connect();
    await inner.connect();
    await jobs.createIndexes([
      {
        name: boundaryIndex,
        key: { name: 1, [`data.${uniqueBoundary.dataKey}`]: 1 },
        unique: true,
        partialFilterExpression: { name: uniqueBoundary.jobName },
      },
      { name: recurringIndex, key: { name: 1, type: 1 }, unique: true, partialFilterExpression: { type: 'single' } },
    ]);
  });

  const { backend, settled } = guardedBackend(inner, connection.run, protectRecurringLocks(inner.repository, jobs, recurringIndex, options.clock));

  return {
    label: 'MongoDB',
    backend,
    connected: connection.outcome,
    isDuplicateBoundary: (error) => isDuplicateKeyOn(error, boundaryIndex),
    close: async () => {
      await settled();
      await client.close();
    },
  };
}
