// What the metrics read from the PostgreSQL outbox besides the ports: the unsent backlog. (The
// outbox ports themselves are proved by test/ports, against this adapter and the fake alike.)

import { expect } from 'chai';
import { openMigratedPersistence, type PersistenceFixture } from './persistence-fixture.js';

describe('live event outbox backlog (PostgreSQL)', () => {
  let fixture: PersistenceFixture;

  beforeEach(async () => {
    fixture = await openMigratedPersistence();
  });

  afterEach(async () => {
    await fixture.close();
  });

  it('counts unsent rows and reports the oldest one', async () => {
    const { outbox } = fixture.persistence.stores;
    const change = { reason: 'INVENTORY_CHANGED', items: [], removedIds: [], boundaryAt: null, catalogue: null } as const;
    expect(await outbox.backlog()).to.deep.equal({ count: 0, oldestRecordedAt: null });
    const first = await fixture.persistence.transactions.run((stores) => stores.outbox.append(change, 1_000_123));
    await fixture.persistence.transactions.run((stores) => stores.outbox.append(change, 2_000_000));
    expect(await outbox.backlog()).to.deep.equal({ count: 2, oldestRecordedAt: 1_000_123 });
    await outbox.markSent(first.seq, 2_500_000);
    expect(await outbox.backlog()).to.deep.equal({ count: 1, oldestRecordedAt: 2_000_000 });
  });
});
