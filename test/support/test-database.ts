// A throw-away PostgreSQL database per test run, on the local server (trust auth). Created through
// the `postgres` maintenance database; dropped WITH (FORCE) so lingering pool connections cannot
// keep it alive.

import { randomBytes } from 'node:crypto';
import pg from 'pg';

const SERVER_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432';

export interface TestDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `cards_${process.pid}_${randomBytes(4).toString('hex')}`;
  await onMaintenanceDatabase((client) => client.query(`CREATE DATABASE ${name}`));
  return {
    url: `${SERVER_URL}/${name}`,
    drop: () => onMaintenanceDatabase((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)),
  };
}

async function onMaintenanceDatabase(work: (client: pg.Client) => Promise<unknown>): Promise<void> {
  const client = new pg.Client({ connectionString: `${SERVER_URL}/postgres` });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}
