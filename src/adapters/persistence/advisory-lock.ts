// Session-level advisory locks on a dedicated pooled connection: one holder across all instances
// for as long as `fn` runs (e.g. running migrations at start). The key is hashed to a bigint.

import type pg from 'pg';

export async function withAdvisoryLockOn<T>(pool: pg.Pool, key: string, fn: () => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let sessionBroken = false;
  const onSession = (sql: string) =>
    client.query(sql, [key]).catch((error: unknown) => {
      sessionBroken = true;
      throw error;
    });
  try {
    await onSession('select pg_advisory_lock(hashtextextended($1, 0))');
    try {
      return await fn();
    } finally {
      // If unlocking fails the session is broken; destroying it below ends the lock with it.
      await onSession('select pg_advisory_unlock(hashtextextended($1, 0))').catch(() => undefined);
    }
  } finally {
    client.release(sessionBroken);
  }
}
