// A migrated persistence adapter on its own throw-away database.

import { openPersistence, type Persistence } from '../../src/adapters/persistence/open-persistence.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

export interface PersistenceFixture {
  readonly persistence: Persistence;
  readonly database: TestDatabase;
  close(): Promise<void>;
}

export async function openMigratedPersistence(poolSize = 10): Promise<PersistenceFixture> {
  const database = await createTestDatabase();
  const persistence = openPersistence(database.url, { poolSize });
  await persistence.migrate();
  return {
    persistence,
    database,
    close: async () => {
      await persistence.close();
      await database.drop();
    },
  };
}
