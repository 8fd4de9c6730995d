// Who may hold the live sockets of a real instance. The per-address limit
// (MAX_CONNECTIONS_PER_ADDRESS): an address may hold that many Engine.IO connections, the next
// handshake is refused with the reason, and one that closes frees its slot. The address is the one
// HTTP limits use: the peer, or — only when the peer is a TRUSTED_PROXIES entry — the
// X-Forwarded-For hop that proxy appended. And connections that never join `/concerts` are closed
// after SOCKET_JOIN_TIMEOUT_MS, so idle handshakes cannot hold the instance's capacity.

import { expect } from 'chai';
import { sleep } from '../live/live-probe.js';
import { startTestService, type InProcessService } from '../support/service-harness.js';
import { connected, rawClient } from './ops-support.js';

const PER_ADDRESS = 2;
const TOO_MANY = 'too many connections from this address';

interface Handshake {
  readonly status: number;
  readonly sid?: string;
  readonly message?: string;
}

/** One Engine.IO polling handshake, as a browser's first request makes it. */
async function handshake(base: string, forwardedFor?: string): Promise<Handshake> {
  const response = await fetch(`${base}/socket.io/?EIO=4&transport=polling`, { headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {} });
  const body = await response.text();
  if (response.status !== 200) return { status: response.status, message: (JSON.parse(body) as { message: string }).message };
  return { status: 200, sid: (JSON.parse(body.slice(1)) as { sid: string }).sid };
}

/** Closes a polling connection the way its client would (an Engine.IO close packet). */
async function close(base: string, sid: string): Promise<void> {
  await (await fetch(`${base}/socket.io/?EIO=4&transport=polling&sid=${sid}`, { method: 'POST', body: '1' })).text();
}

describe('Operations: live connections per client address', function () {
  this.timeout(30_000);
  const services: InProcessService[] = [];
  const start = async (env: Record<string, string>) => {
    const svc = await startTestService({ env: { MAX_CONNECTIONS_PER_ADDRESS: String(PER_ADDRESS), ...env } });
    services.push(svc);
    return svc.baseUrl;
  };

  after(async () => {
    await Promise.all(services.map((svc) => svc.stop()));
  });

  it(`refuses handshake ${PER_ADDRESS + 1} from one address with the reason, and takes another once one closes`, async () => {
    const base = await start({});
    const held = [await handshake(base), await handshake(base)];
    expect(held.map((h) => h.status)).to.deep.equal([200, 200]);
    // Without a trusted proxy, X-Forwarded-For is the client's own word: it changes nothing.
    expect(await handshake(base, '203.0.113.9')).to.deep.equal({ status: 403, message: TOO_MANY });
    await close(base, held[0]!.sid!);
    expect((await handshake(base)).status, 'after one closed').to.equal(200);
  });

  it('closes connections that never join /concerts after the join timeout, so they cannot lock out a real client', async () => {
    const base = await start({ MAX_CONNECTIONS: '3', SOCKET_JOIN_TIMEOUT_MS: '600', MAX_CONNECTIONS_PER_ADDRESS: '100' });
    const idle = [await handshake(base), await handshake(base), await handshake(base)];
    expect(idle.map((h) => h.status)).to.deep.equal([200, 200, 200]);
    const early = rawClient(base);
    const refusal = await connected(early.socket).then(() => null, (error: Error) => error.message);
    early.socket.disconnect();
    expect(refusal, 'while the idle ones hold the capacity').to.equal('instance at capacity');
    await sleep(1_200);
    // The server has closed them: a poll gets the Engine.IO close packet ("1", after a noop) or, once the
    // session is gone, an unknown-session 400.
    for (const { sid } of idle) {
      const poll = await fetch(`${base}/socket.io/?EIO=4&transport=polling&sid=${sid}`);
      const body = await poll.text();
      expect(poll.status === 400 || body.split('\x1e').includes('1'), `idle connection ${sid} after the join timeout: ${poll.status} ${body}`).to.equal(true);
    }
    const real = rawClient(base);
    await connected(real.socket);
    expect(real.socket.connected).to.equal(true);
    real.socket.disconnect();
  });

  it('counts the address a trusted proxy forwarded, so clients behind one balancer do not share a limit', async () => {
    const base = await start({ TRUSTED_PROXIES: '127.0.0.1,::1' });
    for (const client of ['203.0.113.7', '203.0.113.8']) {
      const accepted = [await handshake(base, client), await handshake(base, client)];
      expect(accepted.map((h) => h.status), `${client}: within the limit`).to.deep.equal([200, 200]);
      expect(await handshake(base, client), `${client}: over the limit`).to.deep.equal({ status: 403, message: TOO_MANY });
    }
    // The balancer's own requests (no forwarded hop) count against the balancer's address.
    expect((await handshake(base)).status, 'the proxy itself').to.equal(200);
  });
});
