// The database-derived gauges are refreshed on an interval, never per scrape (issue 13.6): a
// scrape flood costs no database work.

import { expect } from 'chai';
import { Telemetry } from '../../src/adapters/observability/telemetry.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const value = (text: string, name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]);

function telemetry(now = 1_000_000) {
  return new Telemetry({ instanceId: 'test', logLevel: 'silent', clock: { now: () => now } });
}

describe('Telemetry: outbox gauges', () => {
  it('answers fifty scrapes from one database read', async () => {
    const t = telemetry();
    let reads = 0;
    t.watchOutbox(async () => (reads++, { count: 3, oldestRecordedAt: 990_000 }), 60_000);
    try {
      await sleep(10); // the first read, started by watchOutbox
      const texts = await Promise.all(Array.from({ length: 50 }, async () => (await t.metricsText()).body));
      expect(reads, 'database reads').to.equal(1);
      expect(value(texts[49] as string, 'live_outbox_backlog')).to.equal(3);
      expect(value(texts[49] as string, 'live_outbox_oldest_unsent_age_seconds'), 'age computed at the scrape').to.equal(10);
    } finally {
      t.stop();
    }
  });

  it('reads again every interval until stopped, and reports NaN while the last read failed', async () => {
    const t = telemetry();
    let reads = 0;
    let failing = false;
    t.watchOutbox(async () => {
      reads += 1;
      if (failing) throw new Error('database down');
      return { count: 0, oldestRecordedAt: null };
    }, 40);
    await sleep(150);
    expect(reads).to.be.within(3, 5);
    failing = true;
    await sleep(60);
    expect(Number.isNaN(value((await t.metricsText()).body, 'live_outbox_backlog'))).to.equal(true);
    t.stop();
    const stoppedAt = reads;
    await sleep(100);
    expect(reads, 'no reads after stop').to.equal(stoppedAt);
  });
});

describe('Telemetry: HTTP latency histogram', () => {
  const count = (text: string, route: string, method: string, status: string) =>
    Number(new RegExp(`^http_request_duration_seconds_count\\{route="${route}",method="${method}",status="${status}"\\} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);

  it('counts each (route, method, status) apart, with its labelled child kept between requests', async () => {
    const t = telemetry();
    const requests: Array<[string, string, number]> = [
      ['/api/concerts/search', 'GET', 200],
      ['/api/concerts/search', 'GET', 200],
      ['/api/concerts/search', 'GET', 400],
      ['/api/concerts/search', 'HEAD', 200],
      ['/api/concerts/:id/card', 'GET', 200],
      ['/api/concerts/search', 'GET', 200],
    ];
    for (const [route, method, status] of requests) t.httpObserved(route, method, status, 3);
    const text = (await t.metricsText()).body;
    expect(count(text, '/api/concerts/search', 'GET', '200')).to.equal(3);
    expect(count(text, '/api/concerts/search', 'GET', '400')).to.equal(1);
    expect(count(text, '/api/concerts/search', 'HEAD', '200')).to.equal(1);
    expect(count(text, '/api/concerts/:id/card', 'GET', '200')).to.equal(1);
    expect(text).to.match(/^http_request_duration_seconds_bucket\{le="0.005",route="\/api\/concerts\/search",method="GET",status="200"\} 3$/m);
  });
});
