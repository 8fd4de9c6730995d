// The port contracts against the PostgreSQL adapter, each on a fresh migrated database.

import pg from 'pg';
import { openMigratedPersistence } from '../persistence/persistence-fixture.js';
import { storagePortContracts } from './all-contracts.js';

describe('storage ports: PostgreSQL adapter', function () {
  this.timeout(20_000);
  storagePortContracts(async () => {
    const { persistence, database, close } = await openMigratedPersistence(20);
    return {
      name: 'postgres',
      stores: persistence.stores,
      transactions: persistence.transactions,
      reservations: persistence.reservations,
      ensureRealtimeSettings: (defaults, now = 0) => persistence.ensureRealtimeSettings(defaults, now),
      truncateOutbox: async () => {
        const client = new pg.Client({ connectionString: database.url });
        await client.connect();
        try {
          await client.query('truncate live_event');
        } finally {
          await client.end();
        }
      },
      close,
    };
  });
});
