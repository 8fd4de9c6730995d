import { expect } from 'chai';
import { openPersistence } from '../../src/adapters/persistence/open-persistence.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const ALL_MIGRATIONS = [
  'Migration20260301000000_initial_schema',
  'Migration20260301000100_concert_count',
  'Migration20260401000000_reservation_request',
  'Migration20260401000100_realtime_setting_origin',
  'Migration20261201000000_stream_epoch',
];

describe('persistence migrations', () => {
  let database: TestDatabase;

  beforeEach(async () => {
    database = await createTestDatabase();
  });

  afterEach(async () => {
    await database.drop();
  });

  it('builds the schema on an empty database and does nothing at a second start', async () => {
    const first = openPersistence(database.url);
    try {
      expect(await first.migrate()).to.deep.equal(ALL_MIGRATIONS);
      expect((await first.stores.outbox.position()).seq).to.equal(0);
    } finally {
      await first.close();
    }
    const second = openPersistence(database.url);
    try {
      expect(await second.migrate()).to.deep.equal([]);
    } finally {
      await second.close();
    }
  });

  it('lets several instances start at once: one migrates, the others find the schema current', async () => {
    const instances = [openPersistence(database.url), openPersistence(database.url), openPersistence(database.url)];
    try {
      const applied = await Promise.all(instances.map((instance) => instance.migrate()));
      expect(applied.flat()).to.deep.equal(ALL_MIGRATIONS);
    } finally {
      await Promise.all(instances.map((instance) => instance.close()));
    }
  });
});
