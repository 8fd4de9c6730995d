import { expect } from 'chai';
import { adminOverride, afterStart, type RealtimeSettingsRecord } from '../../src/domain/realtime/realtime-rollout.js';

const WS = { mode: 'websocket', hybridPollIntervalMillis: 30_000 } as const;
const POLL = { mode: 'polling', hybridPollIntervalMillis: 5_000 } as const;
const HYBRID = { mode: 'hybrid', hybridPollIntervalMillis: 10_000 } as const;

describe('realtime rollout: configuration at a deploy, the admin API until configuration changes', () => {
  const configuredWs: RealtimeSettingsRecord = { settings: WS, source: 'configuration', changedAt: 1, configured: WS };

  it('applies the configured settings on the first start', () => {
    expect(afterStart(null, WS, 10)).to.deep.equal({ settings: WS, source: 'configuration', changedAt: 10, configured: WS });
  });

  it('keeps what is in force when an instance restarts with unchanged configuration, an admin override included', () => {
    expect(afterStart(configuredWs, WS, 10)).to.equal(null);
    const overridden = adminOverride(configuredWs, POLL, 5);
    expect(overridden).to.deep.equal({ settings: POLL, source: 'admin', changedAt: 5, configured: WS });
    expect(afterStart(overridden, WS, 10)).to.equal(null);
  });

  it('applies a changed configured value at the next start, over an admin override', () => {
    const overridden = adminOverride(configuredWs, POLL, 5);
    expect(afterStart(overridden, HYBRID, 10)).to.deep.equal({ settings: HYBRID, source: 'configuration', changedAt: 10, configured: HYBRID });
  });

  it('counts a change of the poll interval alone as a changed configuration', () => {
    expect(afterStart(configuredWs, { mode: 'websocket', hybridPollIntervalMillis: 20_000 }, 10)?.source).to.equal('configuration');
  });

  it('applies configuration over a value stored before rollouts existed (nothing configured recorded)', () => {
    expect(afterStart({ settings: POLL, source: 'configuration', changedAt: 1, configured: null }, POLL, 10)?.changedAt).to.equal(10);
  });
});
