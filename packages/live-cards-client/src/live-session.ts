// The live-cards client steered by the realtime mode driver: what a page runs to follow the
// server's mode (CONTRACT.md "Realtime modes"). The client reads snapshots and applies events; the
// driver decides whether a socket exists and when snapshots are re-read. This module only plugs
// the client's events into the driver and the driver's requests into the client.

import type { LiveCardsClient } from './live-cards-client.js';
import { ModeDriver, type ModeDriverOptions } from './mode-driver.js';

export type LiveSessionOptions = Omit<ModeDriverOptions, 'channels'>;

/**
 * Reads the first snapshot (the client must be built with `manualSocket: true`), then hands the
 * socket and the polling to a driver started with the snapshot's mode. Rejects if the snapshot
 * cannot be read.
 */
export async function startLiveSession(client: LiveCardsClient, options: LiveSessionOptions = {}): Promise<ModeDriver> {
  const driver = new ModeDriver({
    ...options,
    channels: {
      openSocket: () => client.openLive(),
      closeSocket: () => client.closeLive(),
      resync: () => client.resync(),
    },
  });
  client.on('connection', (state) => (state.connected ? driver.socketUp() : driver.socketDown()));
  client.on('mode', (settings) => driver.applySettings(settings));
  await client.start();
  const settings = client.settings();
  if (settings === null) throw new Error('the snapshot carried no realtime settings');
  driver.start(settings);
  // Started without a socket (polling): sample the server clock over HTTP instead of time:sync.
  if (!driver.state().socketOpen) void client.syncClock();
  return driver;
}
