// db_statements_total on a running service (bench:reconnect reads it from each survivor): the
// service's pools report every statement, so a snapshot read that misses the page cache shows on
// the read pool's count, and the counter is on the metrics listener.

import { expect } from 'chai';
import { startTestService, type InProcessService } from '../support/service-harness.js';

const count = (text: string, pool: string) => Number(new RegExp(`^db_statements_total\\{pool="${pool}"\\} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);

describe('db_statements_total on a running service', function () {
  this.timeout(60_000);
  let svc: InProcessService;
  before(async () => {
    svc = await startTestService({ env: { METRICS_PORT: '0', METRICS_TOKEN: '' } });
  });
  after(async () => {
    await svc.stop();
  });

  it('counts the statements a snapshot read sends on the read pool', async () => {
    const scrape = async () => (await fetch(svc.service.metricsUrl as string)).text();
    const before = count(await scrape(), 'read');
    expect(before, 'the service has read its settings and head at start').to.be.greaterThan(0);
    // A keyword no earlier query used: the page cache cannot answer it.
    const response = await fetch(`${svc.baseUrl}/api/concerts/search?keyword=statement-counter-${Date.now()}`);
    expect(response.status).to.equal(200);
    const after = count(await scrape(), 'read');
    expect(after - before, 'the search page (and its stream position) read on the read pool').to.be.at.least(1);
    expect(count(await scrape(), 'write'), 'migrations and the settings seed ran on the write pool').to.be.greaterThan(0);
  });
});
