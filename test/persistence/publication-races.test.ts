// The publication races on real PostgreSQL: its row locks, READ COMMITTED re-checks and
// conditional UPDATEs are what make the engine's discipline hold in production.

import pg from 'pg';
import { publicationRaceScenarios } from '../application/publication-race-scenarios.js';
import { applicationOn } from '../support/application-on-fakes.js';
import { openMigratedPersistence } from './persistence-fixture.js';

describe('publication races (PostgreSQL)', function () {
  this.timeout(20_000);
  publicationRaceScenarios(async () => {
    const fixture = await openMigratedPersistence();
    const app = await applicationOn(fixture.persistence);
    return {
      app,
      untilLockWait: () => untilLockWait(fixture.database.url),
      close: () => fixture.close(),
    };
  });
});

/** Waits until some session of the test database waits on a lock (the racing transaction blocked). */
async function untilLockWait(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (let tries = 0; tries < 200; tries += 1) {
      const { rows } = await client.query<{ waiting: string }>(
        `select count(*) as waiting from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
      );
      if (Number(rows[0]?.waiting) > 0) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error('the second transaction never waited on a lock');
  } finally {
    await client.end();
  }
}
