// The rollout of REALTIME_MODE through the composition root on fakes: a start applies the
// configured settings when they changed since configuration last took effect, announces the change
// on the stream, and otherwise keeps what is in force (an admin override included); every instant
// comes from the application's clock.

import { expect } from 'chai';
import { ChangeRealtimeSettings } from '../../src/application/admin/change-realtime-settings.js';
import { GetRealtimeSettings } from '../../src/application/admin/get-realtime-settings.js';
import { RollOutConfiguredRealtimeSettings } from '../../src/application/admin/roll-out-configured-realtime-settings.js';
import { applicationOnFakes } from '../support/application-on-fakes.js';

const WS = { mode: 'websocket', hybridPollIntervalMillis: 30_000 } as const;
const POLL = { mode: 'polling', hybridPollIntervalMillis: 5_000 } as const;

describe('RollOutConfiguredRealtimeSettings', () => {
  it('follows configuration at a deploy that changes it, the admin API in between, and records source and instant', async () => {
    const app = await applicationOnFakes(); // seeded with websocket, as configuration's, at the clock's instant
    const seededAt = app.clock.now();
    const rollOut = () => app.get(RollOutConfiguredRealtimeSettings).execute(WS);
    const status = () => app.get(GetRealtimeSettings).execute();

    expect((await rollOut()).applied, 'a restart with the same configuration').to.equal(false);
    expect(await status()).to.deep.equal({ settings: WS, source: 'configuration', changedAt: seededAt, configured: WS });

    app.clock.advance(60_000);
    await app.get(ChangeRealtimeSettings).execute(POLL);
    expect(await status()).to.deep.equal({ settings: POLL, source: 'admin', changedAt: seededAt + 60_000, configured: WS });
    const events = app.publisher.events.length;

    app.clock.advance(60_000);
    expect((await rollOut()).applied, 'unchanged configuration keeps the override').to.equal(false);
    expect((await status()).settings).to.deep.equal(POLL);
    expect(app.publisher.events.length, 'nothing announced').to.equal(events);

    app.clock.advance(60_000);
    const changed = await app.get(RollOutConfiguredRealtimeSettings).execute({ mode: 'hybrid', hybridPollIntervalMillis: 10_000 });
    expect(changed.applied).to.equal(true);
    expect(await status()).to.deep.equal({
      settings: { mode: 'hybrid', hybridPollIntervalMillis: 10_000 },
      source: 'configuration',
      changedAt: seededAt + 180_000,
      configured: { mode: 'hybrid', hybridPollIntervalMillis: 10_000 },
    });
    const announced = app.publisher.events.slice(events);
    expect(announced.map((event) => [event.reason, event.settings.mode])).to.deep.equal([['REALTIME_MODE_CHANGED', 'hybrid']]);
  });

  it('records the configured value without announcing when configuration changes to what is already in force', async () => {
    const app = await applicationOnFakes();
    await app.get(ChangeRealtimeSettings).execute(POLL);
    const events = app.publisher.events.length;
    expect((await app.get(RollOutConfiguredRealtimeSettings).execute(POLL)).applied).to.equal(true);
    expect((await app.get(GetRealtimeSettings).execute()).source).to.equal('configuration');
    expect(app.publisher.events.length).to.equal(events);
  });
});
