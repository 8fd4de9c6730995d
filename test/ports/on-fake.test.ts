// The port contracts against the in-memory fake that the fast tests run the application on.

import { InMemoryDatabase } from '../support/fakes/in-memory-database.js';
import { storagePortContracts } from './all-contracts.js';

describe('storage ports: in-memory fake', () => {
  storagePortContracts(async () => {
    const database = new InMemoryDatabase();
    return {
      name: 'fake',
      stores: database.stores,
      transactions: database.transactions,
      reservations: database.reservations,
      ensureRealtimeSettings: (defaults, now = 0) => database.ensureRealtimeSettings(defaults, now),
      truncateOutbox: async () => database.truncateOutbox(),
      close: async () => undefined,
    };
  });
});
