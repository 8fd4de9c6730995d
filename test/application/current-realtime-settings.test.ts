// Realtime settings are read at most once a second, and callers that arrive while a read is in
// flight share it (a reconnect storm's greetings cost one read); a refresh after a switch reads anew.

import { expect } from 'chai';
import { CurrentRealtimeSettings, SETTINGS_MAX_AGE_MS } from '../../src/application/settings/current-realtime-settings.js';
import type { RealtimeSettings } from '../../src/domain/realtime/realtime-mode.js';

interface PendingRead {
  resolve(settings: RealtimeSettings): void;
  reject(error: Error): void;
}

function slowStore() {
  const pending: PendingRead[] = [];
  return {
    pending,
    get: () => new Promise<RealtimeSettings>((resolve, reject) => pending.push({ resolve, reject })),
  };
}

const websocket: RealtimeSettings = { mode: 'websocket', hybridPollIntervalMillis: 30_000 };
const polling: RealtimeSettings = { mode: 'polling', hybridPollIntervalMillis: 30_000 };

describe('CurrentRealtimeSettings', () => {
  it('shares one read among the callers that arrive while it is in flight, then serves the cache for a second', async () => {
    let now = 1_000_000;
    const store = slowStore();
    const settings = new CurrentRealtimeSettings(store, { now: () => now });
    const answers = Array.from({ length: 200 }, () => settings.get());
    expect(store.pending, 'reads started by 200 concurrent callers').to.have.length(1);
    store.pending[0]?.resolve(websocket);
    expect(await Promise.all(answers)).to.satisfy((all: RealtimeSettings[]) => all.every((s) => s.mode === 'websocket'));
    now += SETTINGS_MAX_AGE_MS - 1;
    expect((await settings.get()).mode).to.equal('websocket');
    expect(store.pending).to.have.length(1);
    now += 1;
    const stale = settings.get();
    expect(store.pending, 'a stale cache reads again').to.have.length(2);
    store.pending[1]?.resolve(polling);
    expect((await stale).mode).to.equal('polling');
  });

  it('lets a refresh read anew while an older read is in flight, and keeps the newer answer', async () => {
    const store = slowStore();
    const settings = new CurrentRealtimeSettings(store, { now: () => 5_000 });
    const before = settings.get();
    const afterSwitch = settings.refresh();
    expect(store.pending).to.have.length(2);
    store.pending[1]?.resolve(polling);
    store.pending[0]?.resolve(websocket);
    expect((await afterSwitch).mode).to.equal('polling');
    expect((await before).mode).to.equal('websocket');
    expect((await settings.get()).mode, 'the cache holds the newest read started').to.equal('polling');
    expect(store.pending).to.have.length(2);
  });

  it('does not keep a failed read: the next caller reads again', async () => {
    const store = slowStore();
    const settings = new CurrentRealtimeSettings(store, { now: () => 5_000 });
    const first = settings.get();
    store.pending[0]?.reject(new Error('database down'));
    await first.then(
      () => expect.fail('the failed read must reject'),
      (error: Error) => expect(error.message).to.equal('database down'),
    );
    const second = settings.get();
    expect(store.pending).to.have.length(2);
    store.pending[1]?.resolve(websocket);
    expect((await second).mode).to.equal('websocket');
  });
});
