// A client that stops reading its socket is closed once the bytes queued for it pass the bound,
// with close code 4008 "slow consumer" when it reads again; the instance's other sockets go on.

import { expect } from 'chai';
import { WebSocket as RawWebSocket } from 'ws';
import { SLOW_CONSUMER_CLOSE_CODE } from '../../src/adapters/realtime/live-gateway.js';
import type { RefreshEvent } from '../../src/contract/wire.js';
import { connected, eventually, openClient, startGateway } from './gateway-harness.js';
import { aCard, aLiveEvent } from './live-event-builder.js';

/** A raw Engine.IO/Socket.IO connection to /concerts whose reading the test can stop. */
async function rawLiveSocket(url: string): Promise<{ ws: RawWebSocket; pause(): void; resume(): void; closed: Promise<number> }> {
  const ws = new RawWebSocket(`${url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`);
  const joined = new Promise<void>((resolve) => {
    ws.on('message', (data) => {
      const frame = String(data);
      if (frame.startsWith('0{')) ws.send('40/concerts,');
      if (frame.startsWith('40/concerts,')) resolve();
      if (frame === '2') ws.send('3');
    });
  });
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
  await joined;
  const tcp = (ws as unknown as { _socket: { pause(): void; resume(): void } })._socket;
  return { ws, pause: () => tcp.pause(), resume: () => tcp.resume(), closed };
}

describe('Slow consumers', function () {
  this.timeout(30_000);

  it('closes a socket whose client stopped reading once more than the bound is queued for it, and no other', async () => {
    const closedWith: number[] = [];
    const g = await startGateway({ maxBufferedBytes: 256 * 1024, slowConsumerCheckMs: 50, observer: { slowConsumer: (bytes) => closedWith.push(bytes) } });
    try {
      const stuck = await rawLiveSocket(g.url);
      const healthy = await connected(openClient(g.url));
      const received: RefreshEvent[] = [];
      healthy.on('CONCERTS_REFRESH', (event: RefreshEvent) => received.push(event));
      stuck.pause();
      const items = Array.from({ length: 200 }, (_, i) => aCard({ id: i + 1, title: `Concert ${i} ${'x'.repeat(400)}` }));
      // About 130 KB per event: enough for the loopback's kernel buffers and the bound several times over.
      for (let seq = 1; seq <= 120 && closedWith.length === 0; seq += 1) {
        await g.publish(aLiveEvent({ seq, items }));
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      await eventually(() => closedWith.length === 1, 10_000);
      expect(closedWith[0], 'queued bytes when closed').to.be.greaterThan(256 * 1024);
      stuck.resume();
      expect(await stuck.closed, 'the close code a client understands').to.equal(SLOW_CONSUMER_CLOSE_CODE);
      await eventually(() => g.gateway.connectedCount() === 1);
      await eventually(() => received.length === received.at(-1)?.seq, 10_000);
      expect(received.map((event) => event.seq), 'the reading client got every event, in order').to.deep.equal(Array.from({ length: received.length }, (_, i) => i + 1));
      healthy.disconnect();
    } finally {
      await g.stop();
    }
  });
});
