// The Redis reconnect schedule: once Redis answers again an instance must resubscribe within half a
// second (issue 14), so no wait between attempts may exceed the cap, however long the outage.

import { expect } from 'chai';
import { REDIS_RECONNECT_CAP_MS, redisReconnectDelay } from '../../src/adapters/realtime/redis-link.js';

describe('Redis reconnect delay', () => {
  it('backs off from 25-50 ms to at most the cap, with jitter, for as long as the outage lasts', () => {
    expect(REDIS_RECONNECT_CAP_MS).to.be.at.most(400);
    const first = Array.from({ length: 200 }, () => redisReconnectDelay(0));
    expect(Math.min(...first)).to.be.at.least(25);
    expect(Math.max(...first)).to.be.at.most(50);
    for (const retries of [5, 50, 5_000]) {
      const delays = Array.from({ length: 200 }, () => redisReconnectDelay(retries));
      expect(Math.max(...delays), `after ${retries} retries`).to.be.at.most(REDIS_RECONNECT_CAP_MS);
      expect(Math.min(...delays), `after ${retries} retries`).to.be.at.least(REDIS_RECONNECT_CAP_MS / 2);
      expect(new Set(delays).size, 'jittered').to.be.above(10);
    }
  });
});
