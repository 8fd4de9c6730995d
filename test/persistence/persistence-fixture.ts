// A migrated persistence adapter on its own throw-away database, plus a way to store a concert
// with its card state the way the application does (one transaction).

import type { Concert, ConcertDetails } from '../../src/domain/card/concert.js';
import type { PublishedCardState } from '../../src/domain/card/card-state.js';
import { openPersistence, type Persistence } from '../../src/adapters/persistence/open-persistence.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { aConcert } from '../support/concert-mother.js';

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

export async function storeConcert(
  persistence: Persistence,
  overrides: Partial<ConcertDetails> = {},
  state: Partial<Omit<PublishedCardState, 'concertId'>> = {},
): Promise<Concert> {
  return persistence.unitOfWork.transaction(async (stores) => {
    const concert = await stores.concerts.insert(aConcert(overrides));
    await stores.cardStates.create({
      concertId: concert.id,
      version: 1,
      publishedStatus: 'UNSCHEDULED',
      publishedAvailableSeatCount: concert.availableSeatCount,
      nextBoundaryAt: null,
      ...state,
    });
    return concert;
  });
}
