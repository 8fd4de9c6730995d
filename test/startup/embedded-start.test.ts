// `npm start` on a bare machine: no DATABASE_URL, so the built service starts its embedded
// PostgreSQL under DATA_DIR, seeds the demo catalogue and answers as a product would.

import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SearchResponse } from '../../src/contract/wire.js';
import { spawnServiceProcess, type ServiceProcess } from '../support/service-harness.js';

describe('start-up on the embedded default', function () {
  this.timeout(120_000);
  let dataDir: string;
  let instance: ServiceProcess | null = null;

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'cards-embedded-'));
  });

  after(async () => {
    if (instance) {
      instance.kill('SIGTERM');
      await instance.exited;
    }
    await rm(dataDir, { recursive: true, force: true });
  });

  it('serves demo cards covering every status, searches non-ASCII names case-insensitively, and stops cleanly on SIGTERM', async () => {
    // A C locale (cron, service managers, bare containers) must not give the database a byte encoding.
    // DATA_DIR lies below a 0700 directory (mkdtemp's), as a clone in /root or a `mktemp -d` would.
    const env: Record<string, string> = { DATA_DIR: join(dataDir, 'data'), DATABASE_URL: '', DEMO_SEED: '', ADMIN_TOKEN: '', LOG_LEVEL: 'info', LC_ALL: 'C', LANG: '' };
    instance = await spawnServiceProcess('embedded', env);
    const started = instance;
    // Ready answers as soon as it listens; the banner follows once the demo catalogue is arranged.
    for (let waited = 0; !started.output().includes('Admin token') && waited < 30_000; waited += 100) await new Promise((r) => setTimeout(r, 100));
    expect(instance.output()).to.match(/Concert cards are live at http:\/\/127\.0\.0\.1:\d+/);
    expect(instance.output()).to.match(/Admin token \(generated for this run\): \S{20,}/);
    // The first start says what it is doing while PostgreSQL is created and started, not 10-20 silent seconds.
    expect(instance.output()).to.match(/creating the embedded PostgreSQL cluster in \S+ \(first start only, some seconds\)…/);
    expect(instance.output()).to.match(/done in \d+\.\d s: creating the embedded PostgreSQL cluster/);
    expect(instance.output()).to.match(/done in \d+\.\d s: starting embedded PostgreSQL on 127\.0\.0\.1:\d+/);
    // As root PostgreSQL runs as `postgres`, which could not pass the 0700 directory above DATA_DIR.
    if (process.getuid?.() === 0) expect(instance.output()).to.include(`made ${dataDir} passable by other users (o+x)`);

    const ready = await fetch(`${instance.baseUrl}/health/ready`);
    expect(ready.status).to.equal(200);
    const search = (await (await fetch(`${instance.baseUrl}/api/concerts/search?size=100`)).json()) as SearchResponse;
    expect(search.items).to.have.length(12);
    const statuses = new Set(search.items.map((card) => card.saleStatus));
    for (const status of ['UNSCHEDULED', 'PREOPEN', 'OPEN_SOON_1H', 'OPEN_SOON_5M', 'OPEN', 'SOLD_OUT']) {
      expect(statuses, status).to.include(status);
    }
    const opensInSeconds = search.items.map((card) => card.saleOpensInSeconds ?? 0).filter((s) => s > 0);
    for (const minutes of [1, 3, 6]) {
      expect(opensInSeconds.some((s) => Math.abs(s - minutes * 60) <= 20), `a sale opening ~${minutes} min after start`).to.equal(true);
    }

    const token = /Admin token \(generated for this run\): (\S+)/.exec(instance.output())![1]!;
    const created = await fetch(`${instance.baseUrl}/api/admin/concerts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'ÉDITH — Hymne à l’amour', artistName: 'Édith Revival', totalSeatCount: 10 }),
    });
    expect(created.status).to.equal(201);
    const found = (await (await fetch(`${instance.baseUrl}/api/concerts/search?keyword=${encodeURIComponent('édith')}`)).json()) as SearchResponse;
    expect(found.items.map((card) => card.title)).to.deep.equal(['ÉDITH — Hymne à l’amour']);

    instance.kill('SIGTERM');
    expect(await instance.exited).to.equal(0);
    instance = null;
  });
});
