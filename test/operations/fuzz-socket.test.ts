// Hostile Socket.IO input, generated: while one client listens to a steady stream of live events,
// other sockets send random event names with random payloads (JSON of every shape, binary, payloads
// beyond the message-size limit, reserved-looking names, malformed time:sync calls) and raw
// WebSockets send frames that are not Socket.IO at all. The instance must stay up and the listening
// client must receive every event of the stream, in order.

import { expect } from 'chai';
import fc from 'fast-check';
import type { Socket } from 'socket.io-client';
import { eventually, sleep } from '../live/live-probe.js';
import { adminHeaders, createConcert, startTestService, type InProcessService } from '../support/service-harness.js';
import { connected, rawClient, report, snapshotSeq, tryFetch } from './ops-support.js';

const eventName = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.constantFrom('time:sync', 'CONCERTS_REFRESH', 'CONCERTS_HEARTBEAT', 'join', 'subscribe', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'error', 'newListener', 'removeListener', ''),
);
const payload = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.uint8Array({ maxLength: 2_048 }).map((bytes) => Buffer.from(bytes)),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -0, Number.MAX_SAFE_INTEGER + 2),
  fc.integer({ min: 5_000, max: 200_000 }).map((size) => 'x'.repeat(size)), // beyond maxHttpBufferSize
  fc.constant({ __proto__: { polluted: true } }),
);
const call = fc.record({ name: eventName, args: fc.array(payload, { maxLength: 3 }), withAck: fc.boolean() });

/** Engine.IO/Socket.IO frames that a real client would never send. */
const garbageFrames: (string | Uint8Array<ArrayBuffer>)[] = [
  '4', '42', '42[', '42["time:sync"', '42[1,2,3]', '42{"a":1}', '43', '45', '451-["x",{"_placeholder":true,"num":0}]', '451-["x",{"_placeholder":true,"num":7}]',
  '40/nowhere,', '40/concerts,{"token":1}', '41/concerts,', '2probe', '6', '9', '', 'x'.repeat(10_000), '\u0000\u0001\u0002',
  new Uint8Array([0xff, 0xfe, 0x00, 0x42]), new Uint8Array(8_192).fill(0x34), new Uint8Array([0x04]),
];

describe('Fuzz: hostile Socket.IO input while another client listens', function () {
  this.timeout(60_000);
  let svc: InProcessService;

  before(async () => {
    svc = await startTestService({ env: { RECONCILE_EVERY_MS: '500', HEARTBEAT_EVERY_MS: '1000' } });
  });

  after(async () => {
    await svc?.stop();
  });

  it('stays up, and the listening client receives every event of the stream', async () => {
    const base = svc.baseUrl;
    const concert = await createConcert(base, { title: 'Steady', artistName: 'Stream', totalSeatCount: 10 });
    const listener = rawClient(base);
    await connected(listener.socket);
    const startSeq = await snapshotSeq(base);

    // The stream: an admin edit every 100 ms.
    let streaming = true;
    let edits = 0;
    const stream = (async () => {
      while (streaming) {
        const answer = await tryFetch(`${base}/api/admin/concerts/${concert.id}`, { method: 'PUT', headers: adminHeaders(), body: JSON.stringify({ title: `Steady ${edits}` }) });
        if (answer.status === 200) edits += 1;
        await sleep(100);
      }
    })();

    // Socket.IO clients sending random events; a socket the server drops is replaced.
    let sent = 0;
    let dropped = 0;
    const calls = fc.sample(call, { numRuns: 400, seed: 42 });
    const fuzzers: Socket[] = [];
    const fresh = async () => {
      const client = rawClient(base);
      client.socket.on('disconnect', () => (dropped += 1));
      await connected(client.socket);
      fuzzers.push(client.socket);
      return client.socket;
    };
    let sockets: Socket[] = await Promise.all([fresh(), fresh(), fresh()]);
    for (const [i, { name, args, withAck }] of calls.entries()) {
      let socket = sockets[i % sockets.length]!;
      if (!socket.connected) {
        socket = await fresh();
        sockets = sockets.map((s) => (s.connected ? s : socket));
      }
      try {
        if (withAck) socket.timeout(200).emit(name, ...args, () => undefined);
        else socket.emit(name, ...args);
        sent += 1;
      } catch {
        // socket.io-client refuses reserved names itself; nothing reached the server
      }
      if (i % 20 === 0) await sleep(10);
    }

    // Raw WebSockets speaking nonsense at the Engine.IO endpoint.
    const wsUrl = `${base.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`;
    for (const frame of garbageFrames) {
      const ws = new WebSocket(wsUrl);
      await new Promise<void>((resolve) => {
        ws.onopen = () => {
          ws.send('40/concerts,');
          ws.send(frame);
          setTimeout(() => {
            ws.close();
            resolve();
          }, 30);
        };
        ws.onerror = () => resolve();
      });
    }
    // And a handshake with a bogus protocol version and transport.
    const bogus = await tryFetch(`${base}/socket.io/?EIO=99&transport=carrier-pigeon`);
    expect(bogus.status, 'bogus Engine.IO handshake').to.be.within(400, 499);

    await sleep(1_000);
    streaming = false;
    await stream;
    const finalSeq = await snapshotSeq(base);
    await eventually('the listener at the head of the stream', () => listener.refreshes.some((e) => e.seq >= finalSeq), 5_000);

    const live = await tryFetch(`${base}/health/live`);
    expect(live.status, 'instance alive').to.equal(200);
    expect(listener.socket.connected, 'listener still connected').to.equal(true);
    const seqs = listener.refreshes.map((e) => e.seq).filter((seq) => seq > startSeq);
    for (let seq = startSeq + 1; seq <= finalSeq; seq += 1) expect(seqs, `listener got seq ${seq}`).to.include(seq);
    expect(seqs, 'in order').to.deep.equal([...seqs].sort((a, b) => a - b));
    expect(edits, 'stream events during the fuzz').to.be.at.least(10);
    const ack = (await listener.socket.timeout(2_000).emitWithAck('time:sync', Date.now())) as { serverNowEpochMs: number };
    expect(ack.serverNowEpochMs).to.be.a('number');
    for (const socket of fuzzers) socket.disconnect();
    listener.socket.disconnect();
    report('socket fuzz', { emits: sent, fuzzSocketsDroppedByServer: dropped, rawGarbageFrames: garbageFrames.length, streamEvents: finalSeq - startSeq });
  });
});
