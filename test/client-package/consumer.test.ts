// Proof that a stranger can use the client package: pack it, install the tarball into an empty
// project from the registry, type-check a consumer of the plain client and of the React hooks with
// `tsc --strict`, build a React page with Vite, and drive that page in headless Chromium, from its
// own origin and with a clock 90 s behind, against a real service instance: its countdown is the
// server's, its card flips at the instant, its search view shows what the server answers while
// concerts are created and renamed, and every Socket.IO payload it receives matches AsyncAPI.
// Needs PostgreSQL (the service) and Chromium; about a minute, npm's cache warm.

import { expect } from 'chai';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { adminHeaders, createConcert, startTestService, type InProcessService } from '../support/service-harness.js';
import { assertMatchesAsyncApi, socketIoMessage } from '../support/asyncapi-check.js';
import { launchBrowser, skewPageClock } from '../browser/support/browser.js';
import { countdownChanges, countdownSeconds, eventually, valueAt, waitForOpen, watchCountdown, watchStatuses } from '../browser/support/card-page.js';
import { ConsumerProject, serveStatic, type PackedPackage } from './consumer-project.js';

const SKEW_MS = -90_000;

describe('client package: a stranger installs it, type-checks, builds and runs a React page', function () {
  this.timeout(240_000);
  const project = new ConsumerProject();
  let packed: PackedPackage;

  before(async function () {
    packed = await project.pack();
    await project.install(packed.tarball);
  });

  after(function () {
    console.log(`      [consumer] ${Object.entries(project.timings).map(([step, ms]) => `${step} ${(ms / 1000).toFixed(1)} s`).join(', ')}`);
    project.remove();
  });

  it('packs only the built package: entry points, declarations, README, no sources', function () {
    expect(packed.files).to.include.members(['package.json', 'README.md', 'dist/index.js', 'dist/react.js', 'dist/index.d.ts', 'dist/react.d.ts', 'dist/wire.d.ts']);
    expect(packed.files.filter((file) => !/^(dist\/|package\.json$|README\.md$)/.test(file))).to.deep.equal([]);
    expect(project.installedManifest()).to.include({ name: 'live-cards-client', version: '0.1.0' });
  });

  it('type-checks a consumer of the plain client and of the React hooks with tsc --strict, and fails on a wrong use', async function () {
    // The quick start of the README as published (the installed copy), alongside the consumer's own code.
    const readme = readFileSync(path.join(project.app, 'node_modules', 'live-cards-client', 'README.md'), 'utf8');
    const quickStart = /```tsx\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(quickStart, 'a tsx quick start in the README').to.be.a('string');
    writeFileSync(path.join(project.app, 'src', 'readme-quick-start.tsx'), quickStart ?? '');
    const clean = await project.typeCheck();
    expect(clean.code, clean.output).to.equal(0);
    const fault = path.join(project.app, 'src', 'fault.ts');
    writeFileSync(fault, "import type { CardJson } from 'live-cards-client';\nexport const seats = (card: CardJson): string => card.availableSeatCount;\n");
    const faulty = await project.typeCheck();
    expect(faulty.code).to.not.equal(0);
    expect(faulty.output).to.match(/fault\.ts.*Type 'number' is not assignable to type 'string'/);
    writeFileSync(fault, 'export {};\n');
  });

  describe('the React page, built with Vite, in Chromium against a real service', function () {
    let service: InProcessService;
    let browser: Browser;
    let site: Awaited<ReturnType<typeof serveStatic>>;
    let page: Page;
    const received: string[] = [];
    const sent: string[] = [];

    before(async function () {
      site = await serveStatic(await project.build());
      [service, browser] = await Promise.all([startTestService({ env: { CORS_ORIGINS: site.origin } }), launchBrowser()]);
    });

    after(async function () {
      await browser?.close();
      await service?.stop();
      await site?.close();
    });

    it('counts down on the server clock, flips at the instant, keeps its search view right, and receives only AsyncAPI payloads', async function () {
      const opensAt = Date.now() + 9_000;
      const flipping = await createConcert(service.baseUrl, { title: 'Aurora Tour', artistName: 'Aurora', totalSeatCount: 300, generalSaleStartAt: new Date(opensAt).toISOString() });
      const later = await createConcert(service.baseUrl, { title: 'Aurora Encore', artistName: 'Aurora', totalSeatCount: 80, generalSaleStartAt: new Date(opensAt + 7_200_000).toISOString() });
      await createConcert(service.baseUrl, { title: 'Other Band Live', artistName: 'Other Band', totalSeatCount: 50, generalSaleStartAt: new Date(opensAt).toISOString() });

      page = await openPage(browser, `${site.origin}/?api=${encodeURIComponent(service.baseUrl)}&keyword=aurora`, { received, sent });
      const shown = async () => (await page.$$eval('[data-testid^="card-"]', (cards) => cards.map((c) => Number(c.getAttribute('data-testid')?.slice(5))))).sort((a, b) => a - b);
      const answered = async () => (await serverAnswer(service.baseUrl, 'aurora')).sort((a, b) => a - b);
      expect(await shown()).to.deep.equal(await answered());
      expect(await shown()).to.deep.equal([flipping.id, later.id].sort((a, b) => a - b));
      expect(sent.some((frame) => frame.startsWith('40/concerts,') && JSON.parse(frame.slice('40/concerts,'.length)).protocolVersion === 1), 'the handshake states the protocol version').to.equal(true);

      // The countdown is the server's (the page's own clock is 90 s behind): compare with the card the server computes.
      await watchStatuses(page);
      await watchCountdown(page, flipping.id);
      for (let sample = 0; sample < 3; sample += 1) {
        await page.waitForTimeout(700);
        const { card, serverNowEpochMs } = await (await fetch(`${service.baseUrl}/api/concerts/${flipping.id}/card`)).json() as { card: { saleOpensInSeconds: number }; serverNowEpochMs: number };
        const onScreen = countdownSeconds(valueAt(await countdownChanges(page, flipping.id), serverNowEpochMs) ?? '');
        expect(Math.abs(onScreen - card.saleOpensInSeconds), `page ${onScreen} s, server ${card.saleOpensInSeconds} s`).to.be.at.most(1);
      }

      // The flip, at its instant and not before, without reload.
      const flip = await waitForOpen(page, flipping.id, 15_000);
      expect(flip.at - opensAt, 'flip delay, ms').to.be.within(0, 1_000);

      // The search view follows the server's answer as concerts are created and edited elsewhere
      // (the keyword matches title, artist or entertainment name: the edit changes both).
      const stranger = await createConcert(service.baseUrl, { title: 'Nobody Matches This', artistName: 'Someone', totalSeatCount: 40 });
      await page.waitForTimeout(1_000);
      expect(await shown(), 'a concert the query does not match stays out').to.deep.equal(await answered());
      expect(await shown()).to.not.include(stranger.id);
      const joining = await createConcert(service.baseUrl, { title: 'Aurora Late Show', artistName: 'Aurora', totalSeatCount: 40 });
      expect(await eventually(async () => (await shown()).includes(joining.id), 5_000), 'a concert the query matches comes in').to.equal(true);
      await edit(service.baseUrl, later.id, { title: 'Encore, renamed away', artistName: 'Somebody Else' });
      expect(await eventually(async () => !(await shown()).includes(later.id), 5_000), 'a concert edited out of the query goes').to.equal(true);
      expect(await shown(), 'the page shows what the server answers for "aurora"').to.deep.equal(await answered());
      expect(await shown()).to.deep.equal([flipping.id, joining.id].sort((a, b) => a - b));

      // Every payload the server sent this page matches the published AsyncAPI document.
      const counts = checkAgainstAsyncApi(received, sent);
      expect(counts.CONCERTS_REFRESH, 'refreshes checked').to.be.greaterThan(2);
      expect(counts.CONCERTS_HEARTBEAT, 'heartbeats checked').to.be.greaterThan(0);
      expect(counts['time:sync ack'], 'clock samples checked').to.be.greaterThan(0);
    });
  });
});

/** Opens the page with its clock skewed and every Socket.IO frame recorded from the first one. */
async function openPage(browser: Browser, url: string, frames: { received: string[]; sent: string[] }): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript(() => Object.defineProperty(globalThis, '__realNow', { value: Date.now.bind(Date) }));
  await skewPageClock(page, SKEW_MS);
  page.on('websocket', (socket) => {
    socket.on('framereceived', (frame) => frames.received.push(String(frame.payload)));
    socket.on('framesent', (frame) => frames.sent.push(String(frame.payload)));
  });
  await page.goto(url);
  await page.waitForSelector('[data-testid="grid"][data-count]');
  await page.waitForSelector('body[data-connection="connected"]');
  return page;
}

async function serverAnswer(baseUrl: string, keyword: string): Promise<number[]> {
  const response = await fetch(`${baseUrl}/api/concerts/search?keyword=${encodeURIComponent(keyword)}&size=50`);
  return ((await response.json()) as { items: { id: number }[] }).items.map((card) => card.id);
}

async function edit(baseUrl: string, id: number, fields: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${baseUrl}/api/admin/concerts/${id}`, { method: 'PUT', headers: adminHeaders(), body: JSON.stringify(fields) });
  if (response.status !== 200) throw new Error(`edit failed ${response.status}: ${await response.text()}`);
}

/** Validates every event and ack payload received against AsyncAPI (throws on the first that does not match); counts by message. */
export function checkAgainstAsyncApi(received: readonly string[], sent: readonly string[]): Record<string, number> {
  const requests = new Map<number, string>();
  for (const frame of sent) {
    const message = socketIoMessage(frame);
    if (message?.kind === 'event' && message.ackId !== null) requests.set(message.ackId, message.name);
  }
  const counts: Record<string, number> = {};
  for (const frame of received) {
    const message = socketIoMessage(frame);
    if (message === null) continue;
    const name = message.kind === 'event' ? message.name : `${requests.get(message.ackId) ?? '(unknown request)'} ack`;
    assertMatchesAsyncApi(name, message.args[0]);
    counts[name] = (counts[name] ?? 0) + 1;
  }
  return counts;
}
