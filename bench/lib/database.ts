// A throw-away PostgreSQL database and Redis key prefix per benchmark run, on the local servers
// (POSTGRES_URL / REDIS_URL override). Dropped WITH (FORCE) at the end of the run.

import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const POSTGRES_SERVER_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432';
export const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface BenchDatabase {
  readonly name: string;
  readonly url: string;
  drop(): Promise<void>;
}

export async function createBenchDatabase(): Promise<BenchDatabase> {
  const name = `cards_bench_${process.pid}_${randomBytes(3).toString('hex')}`;
  await onMaintenance((client) => client.query(`CREATE DATABASE ${name}`));
  return {
    name,
    url: `${POSTGRES_SERVER_URL}/${name}`,
    drop: () => onMaintenance((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)),
  };
}

export function uniqueRedisPrefix(label: string): string {
  return `cards-bench-${label}-${process.pid}-${randomBytes(3).toString('hex')}`;
}

export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function onMaintenance(work: (client: pg.Client) => Promise<unknown>): Promise<void> {
  await withClient(`${POSTGRES_SERVER_URL}/postgres`, work);
}
