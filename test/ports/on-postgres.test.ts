// The port contracts against the PostgreSQL adapter, each on a fresh migrated database.

import { openMigratedPersistence } from '../persistence/persistence-fixture.js';
import { storagePortContracts } from './all-contracts.js';

describe('storage ports: PostgreSQL adapter', function () {
  this.timeout(20_000);
  storagePortContracts(async () => {
    const { persistence, close } = await openMigratedPersistence(20);
    return {
      name: 'postgres',
      stores: persistence.stores,
      transactions: persistence.transactions,
      reservations: persistence.reservations,
      ensureRealtimeSettings: (defaults, now = 0) => persistence.ensureRealtimeSettings(defaults, now),
      close,
    };
  });
});
