// Issue 13.1 reproduced on the real service: 1 000 distinct anonymous searches (10 sorts × sizes
// 51–100 × 2 pages) over 117 concerts of about 1.2 KB of text each. What the instance keeps may
// not grow the heap by more than 64 MB while the attack runs, and must be released once traffic
// stops. The heap is measured after a full collection, so only what is kept counts.

import { expect } from 'chai';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { adminHeaders, startTestService, type InProcessService } from '../support/service-harness.js';

setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;
const MB = 1024 * 1024;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function retainedHeap(): number {
  collect();
  collect();
  return process.memoryUsage().heapUsed;
}

describe('search under a crowd of distinct queries', function () {
  this.timeout(120_000);
  let svc: InProcessService;

  before(async () => {
    svc = await startTestService();
    const long = (c: string) => c.repeat(200);
    for (let i = 0; i < 117; i += 1) {
      const body = { title: long(String.fromCharCode(97 + (i % 26))), artistName: long('a'), artistDisplayName: long('d'), artistGenre: long('g'), entertainmentName: long('e'), promoterName: long('p'), totalSeatCount: 100 };
      const response = await fetch(`${svc.baseUrl}/api/admin/concerts`, { method: 'POST', headers: adminHeaders(), body: JSON.stringify(body) });
      expect(response.status).to.equal(201);
    }
  });

  after(() => svc?.stop());

  it('keeps at most 64 MB above idle during the attack and gives it back when traffic stops', async () => {
    const urls: string[] = [];
    for (const field of ['id', 'title', 'artistName', 'entertainmentName', 'saleOpensAt']) {
      for (const direction of ['asc', 'desc']) {
        for (let size = 51; size <= 100; size += 1) for (const page of [0, 1]) urls.push(`${svc.baseUrl}/api/concerts/search?page=${page}&size=${size}&sort=${field},${direction}`);
      }
    }
    for (const url of urls.slice(0, 5)) await (await fetch(url)).arrayBuffer();
    await sleep(500);
    const idle = retainedHeap();

    let peak = idle;
    let next = 0;
    const started = performance.now();
    const worker = async () => {
      while (next < urls.length) {
        const url = urls[next++] as string;
        const response = await fetch(url);
        await response.arrayBuffer();
        expect(response.status).to.equal(200);
        if (next % 100 === 0) peak = Math.max(peak, retainedHeap());
      }
    };
    await Promise.all(Array.from({ length: 10 }, worker));
    const attackMs = performance.now() - started;
    peak = Math.max(peak, retainedHeap());

    await sleep(1_000); // traffic stops; the window (250 ms) passes several times
    const after = retainedHeap();
    const figures = { idleMb: idle / MB, peakGrowthMb: (peak - idle) / MB, afterIdleGrowthMb: (after - idle) / MB, attackMs, searches: urls.length };
    console.log(`      [memory] ${JSON.stringify(figures, (_, v: unknown) => (typeof v === 'number' ? Math.round(v * 10) / 10 : v))}`);
    expect(figures.peakGrowthMb, 'heap growth during the attack (MB)').to.be.at.most(64);
    expect(figures.afterIdleGrowthMb, 'heap growth left 1 s after the attack (MB)').to.be.at.most(8);
  });
});
