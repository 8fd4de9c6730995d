// db_statements_total (bench:reconnect reads it to count what a replay costs): every statement the
// service sends on its write or read pool is counted once, on the pool it went to, and the metric
// shows it. A ping is one read statement; a publication transaction is statements on the write
// pool only.

import { expect } from 'chai';
import { Telemetry } from '../../src/adapters/observability/telemetry.js';
import { openPersistence, type Persistence } from '../../src/adapters/persistence/open-persistence.js';
import { storeConcert } from '../support/stored-concert.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

describe('persistence: db_statements_total', function () {
  this.timeout(30_000);
  let database: TestDatabase;
  let persistence: Persistence;
  const counted = { write: 0, read: 0 };

  before(async () => {
    database = await createTestDatabase();
    persistence = openPersistence(database.url, { poolSize: 2, onStatement: (pool) => (counted[pool] += 1) });
    await persistence.migrate();
  });

  after(async () => {
    await persistence.close();
    await database.drop();
  });

  it('counts one read statement per ping, and nothing on the write pool', async () => {
    counted.read = 0;
    counted.write = 0;
    for (let i = 0; i < 5; i += 1) expect(await persistence.ping()).to.equal(true);
    expect(counted).to.deep.equal({ write: 0, read: 5 });
  });

  it('counts a transaction on the write pool: begin, its statements, commit', async () => {
    counted.read = 0;
    counted.write = 0;
    await storeConcert(persistence.transactions);
    expect(counted.read).to.equal(0);
    // begin + insert concert + insert card state + commit, at least (the store may read back too).
    expect(counted.write).to.be.at.least(4);
  });

  it('is exposed on /metrics by pool', async () => {
    const telemetry = new Telemetry({ instanceId: 'test', logLevel: 'silent', clock: { now: () => 0 } });
    telemetry.databaseStatement('read');
    telemetry.databaseStatement('read');
    telemetry.databaseStatement('write');
    const text = (await telemetry.metricsText()).body;
    expect(text).to.match(/^db_statements_total\{pool="read"\} 2$/m);
    expect(text).to.match(/^db_statements_total\{pool="write"\} 1$/m);
  });
});
