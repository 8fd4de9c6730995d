import { expect } from 'chai';
import pg from 'pg';
import { openPersistence } from '../../src/adapters/persistence/open-persistence.js';
import { DependencyUnavailable } from '../../src/application/ports/outbound/dependency-unavailable.js';
import { openMigratedPersistence } from './persistence-fixture.js';

describe('persistence when the database is unavailable', () => {
  it('rejects calls as DependencyUnavailable and reports not ready when nothing listens, without crashing', async () => {
    const persistence = openPersistence('postgres://postgres@127.0.0.1:1/nowhere', { connectTimeoutMs: 500 });
    try {
      expect(await persistence.ping(1_000)).to.equal(false);
      const error = await persistence.stores.outbox.position().catch((e: unknown) => e);
      expect(error).to.be.instanceOf(DependencyUnavailable);
      const inTransaction = await persistence.transactions.run((stores) => stores.concerts.findByIds([1])).catch((e: unknown) => e);
      expect(inTransaction).to.be.instanceOf(DependencyUnavailable);
    } finally {
      await persistence.close();
    }
  });

  it('recovers when its connections are killed by the server', async () => {
    const fixture = await openMigratedPersistence(4);
    try {
      expect(await fixture.persistence.ping()).to.equal(true);
      await Promise.all([1, 2, 3].map(() => fixture.persistence.stores.outbox.position()));
      const admin = new pg.Client({ connectionString: fixture.database.url });
      await admin.connect();
      await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()');
      await admin.end();
      await new Promise((resolve) => setTimeout(resolve, 100));
      // A killed idle connection is dropped by the pool; the next calls open fresh ones.
      const attempts = await Promise.all([1, 2, 3].map(() => fixture.persistence.stores.outbox.position().then(() => 'ok', () => 'failed')));
      expect(attempts).to.include('ok');
      expect((await fixture.persistence.stores.outbox.position()).seq).to.equal(0);
      expect(await fixture.persistence.ping()).to.equal(true);
    } finally {
      await fixture.close();
    }
  });

  it('holds an advisory lock for one caller at a time', async () => {
    const fixture = await openMigratedPersistence(4);
    try {
      const order: string[] = [];
      const hold = (name: string) =>
        fixture.persistence.withAdvisoryLock('test-lock', async () => {
          order.push(`${name}:in`);
          await new Promise((resolve) => setTimeout(resolve, 50));
          order.push(`${name}:out`);
        });
      await Promise.all([hold('a'), hold('b')]);
      expect(order.join(' ')).to.match(/^(a:in a:out b:in b:out|b:in b:out a:in a:out)$/);
    } finally {
      await fixture.close();
    }
  });
});
