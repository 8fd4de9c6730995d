// Agenda's jobs in MongoDB, the configuration switch for sites that run Agenda on Mongo. No MongoDB
// exists where this was written: this path is wired and typechecked, never exercised by a test.
// Index creation is idempotent in MongoDB, so concurrent start-up needs no lock; duplicate
// boundary jobs are possible there (no unique index on data.at) and harmless, because the
// application compare-and-sets every card it publishes.

import { MongoBackend } from '@agendajs/mongo-backend';
import { guardedBackend, settleOnce, type JobStore } from './job-store.js';

export interface MongoJobStoreOptions {
  readonly mongoUrl: string;
  readonly collection: string;
  readonly onError: (error: unknown, context: string) => void;
}

export function createMongoJobStore(options: MongoJobStoreOptions): JobStore {
  const inner = new MongoBackend({ address: options.mongoUrl, collection: options.collection });
  inner.notificationChannel?.on('error', (error) => options.onError(error, 'agenda MongoDB change stream'));
  const connection = settleOnce(() => inner.connect());
  const backend = guardedBackend(inner, connection.run);
  return {
    label: 'MongoDB',
    backend,
    connected: connection.outcome,
    isDuplicateBoundary: () => false,
    close: () => inner.disconnect(),
  };
}
