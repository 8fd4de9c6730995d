// `npm run bench:browser` — what a visitor's screen does at the boundaries, measured in a real
// Chromium against the built service running as its own process on a fresh database.
//
// Per realtime mode (BENCH_MODES, default `websocket,hybrid,polling`; hybrid and polling at a 2 s interval):
// - flip delay: BENCH_FLIPS concerts (default 24) whose sales open BENCH_SPACING_MS apart (default
//   400 ms); one page observes all of them with a MutationObserver on data-status, timestamped
//   with the page's real clock (same machine as the server). Delay = OPEN shown minus openAt.
// - cross-page countdown disagreement: two pages whose clocks are 90 s behind and 47 s ahead watch
//   the same card's countdown for BENCH_SAMPLE_MS (default 15 s). For each digit both showed, the
//   gap between the instants they changed to it; and, sampled every 10 ms at the same real
//   instants, how often (and by how many seconds) the texts differ. Plus each page's clock-offset
//   estimate against the injected skew.
// Prints a table and writes artifacts/bench-browser/results.json.

import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { createConcert, spawnServiceProcess, type ServiceProcess } from '../test/support/service-harness.js';
import { createTestDatabase } from '../test/support/test-database.js';
import { artifactDir, launchBrowser, readClockOffsetMs } from '../test/browser/support/browser.js';
import {
  countdownChanges,
  countdownSeconds,
  eventually,
  openCardPage,
  sleep,
  statusChanges,
  switchRealtimeMode,
  valueAt,
  watchCountdown,
  watchStatuses,
  type Change,
} from '../test/browser/support/card-page.js';

type Mode = 'websocket' | 'hybrid' | 'polling';

const MODES = (process.env.BENCH_MODES ?? 'websocket,hybrid,polling').split(',').map((mode) => mode.trim()) as Mode[];
const FLIPS = Number(process.env.BENCH_FLIPS ?? 24);
const SPACING_MS = Number(process.env.BENCH_SPACING_MS ?? 400);
const LEAD_MS = Number(process.env.BENCH_LEAD_MS ?? 6_000);
const SAMPLE_MS = Number(process.env.BENCH_SAMPLE_MS ?? 15_000);
const POLL_INTERVAL_MS = 2_000;
const SKEWS = { behind: -90_000, ahead: 47_000 } as const;

interface FlipResult {
  readonly mode: Mode;
  readonly flips: number;
  readonly missed: number;
  readonly delaysMs: number[];
}

interface DisagreementResult {
  readonly mode: Mode;
  readonly digitChanges: number;
  readonly changeGapsMs: number[];
  readonly samples: number;
  readonly differingSamples: number;
  readonly maxStep: number;
  readonly offsetErrorMs: { readonly behind: number; readonly ahead: number };
}

function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

async function measureFlips(browser: Browser, service: ServiceProcess, mode: Mode): Promise<FlipResult> {
  const firstAt = Date.now() + LEAD_MS;
  const openings: { id: number; openAt: number }[] = [];
  for (let i = 0; i < FLIPS; i += 1) {
    const openAt = firstAt + i * SPACING_MS;
    const card = await createConcert(service.baseUrl, {
      title: `${mode} flip ${i + 1}`,
      artistName: `Bench Artist ${i % 7}`,
      totalSeatCount: 100,
      generalSaleStartAt: new Date(openAt).toISOString(),
    });
    openings.push({ id: card.id, openAt });
  }
  // The page shows one view (24 cards by sale start by default): ask it for this mode's flips.
  const shown = await openCardPage(browser, `${service.baseUrl}/?q=${encodeURIComponent(`${mode} flip`)}&size=100`);
  try {
    await watchStatuses(shown.page);
    if (Date.now() > firstAt - 500) throw new Error(`setup took too long: raise BENCH_LEAD_MS (${LEAD_MS})`);
    const lastAt = openings[openings.length - 1]!.openAt;
    const ids = new Set(openings.map((opening) => `card-${opening.id}`));
    await eventually(async () => {
      const opened = new Set((await statusChanges(shown.page)).filter((c) => c.value === 'OPEN' && ids.has(c.id)).map((c) => c.id));
      return opened.size === ids.size;
    }, lastAt - Date.now() + 3_000, 250);
    const changes = await statusChanges(shown.page);
    const delaysMs: number[] = [];
    for (const opening of openings) {
      const flip = changes.find((change) => change.id === `card-${opening.id}` && change.value === 'OPEN');
      if (flip !== undefined) delaysMs.push(flip.at - opening.openAt);
    }
    return { mode, flips: FLIPS, missed: FLIPS - delaysMs.length, delaysMs };
  } finally {
    await shown.close();
  }
}

async function measureDisagreement(browser: Browser, service: ServiceProcess, mode: Mode): Promise<DisagreementResult> {
  const card = await createConcert(service.baseUrl, {
    title: `${mode} countdown`,
    artistName: 'Bench Clock',
    totalSeatCount: 100,
    generalSaleStartAt: new Date(Date.now() + 20 * 60_000).toISOString(),
  });
  const view = `${service.baseUrl}/?q=${encodeURIComponent(`${mode} countdown`)}`;
  const behind = await openCardPage(browser, view, { skewMs: SKEWS.behind });
  const ahead = await openCardPage(browser, view, { skewMs: SKEWS.ahead });
  try {
    await sleep(1_500); // let the clock estimates settle (time:sync on connect, or the first snapshots)
    await Promise.all([watchCountdown(behind.page, card.id), watchCountdown(ahead.page, card.id)]);
    const from = Date.now();
    await sleep(SAMPLE_MS);
    const to = Date.now();
    const [logBehind, logAhead] = await Promise.all([countdownChanges(behind.page, card.id), countdownChanges(ahead.page, card.id)]);
    const [offsetBehind, offsetAhead] = await Promise.all([readClockOffsetMs(behind.page), readClockOffsetMs(ahead.page)]);

    // The first entry of each log is the text at install time, not a change: skip it.
    const changedAt = (log: readonly Change[]) => new Map(log.slice(1).map((change) => [change.value, change.at]));
    const atBehind = changedAt(logBehind);
    const changeGapsMs: number[] = [];
    for (const [value, at] of changedAt(logAhead)) {
      const other = atBehind.get(value);
      if (other !== undefined) changeGapsMs.push(Math.abs(at - other));
    }
    let samples = 0;
    let differingSamples = 0;
    let maxStep = 0;
    for (let at = from + 100; at < to; at += 10) {
      const step = Math.abs(countdownSeconds(valueAt(logBehind, at) ?? '') - countdownSeconds(valueAt(logAhead, at) ?? ''));
      samples += 1;
      if (step !== 0) differingSamples += 1;
      maxStep = Math.max(maxStep, step);
    }
    return {
      mode,
      digitChanges: changeGapsMs.length,
      changeGapsMs,
      samples,
      differingSamples,
      maxStep,
      offsetErrorMs: { behind: (offsetBehind ?? Number.NaN) - SKEWS.behind, ahead: (offsetAhead ?? Number.NaN) - SKEWS.ahead },
    };
  } finally {
    await Promise.all([behind.close(), ahead.close()]);
  }
}

function printTables(flips: readonly FlipResult[], disagreements: readonly DisagreementResult[]): void {
  const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(0) : '—');
  console.log(`\nFlip delay in the browser (OPEN shown minus openAt; ${FLIPS} sales ${SPACING_MS} ms apart, one page)`);
  console.log('| mode | flips seen | p50 ms | p95 ms | max ms | min ms |');
  console.log('|---|---|---|---|---|---|');
  for (const r of flips) {
    console.log(
      `| ${r.mode}${r.mode === 'websocket' ? '' : ` (${POLL_INTERVAL_MS / 1000} s)`} | ${r.delaysMs.length}/${r.flips} | ${ms(percentile(r.delaysMs, 50))} | ${ms(percentile(r.delaysMs, 95))} | ${ms(Math.max(...r.delaysMs))} | ${ms(Math.min(...r.delaysMs))} |`,
    );
  }
  console.log(`\nCross-page countdown disagreement (clocks ${SKEWS.behind / 1000} s and +${SKEWS.ahead / 1000} s, ${SAMPLE_MS / 1000} s of one card)`);
  console.log('| mode | digit changes | change-time gap p50 ms | max ms | instants differing | max step | offset error behind / ahead ms |');
  console.log('|---|---|---|---|---|---|---|');
  for (const r of disagreements) {
    const share = r.samples === 0 ? 0 : (100 * r.differingSamples) / r.samples;
    console.log(
      `| ${r.mode} | ${r.digitChanges} | ${ms(percentile(r.changeGapsMs, 50))} | ${ms(Math.max(...r.changeGapsMs))} | ${share.toFixed(2)} % of ${r.samples} | ${r.maxStep} s | ${r.offsetErrorMs.behind.toFixed(1)} / ${r.offsetErrorMs.ahead.toFixed(1)} |`,
    );
  }
}

async function main(): Promise<void> {
  const database = await createTestDatabase();
  let service: ServiceProcess | undefined;
  let browser: Browser | undefined;
  try {
    [service, browser] = await Promise.all([
      spawnServiceProcess('bench-browser', { DATABASE_URL: database.url, HYBRID_POLL_INTERVAL_MS: String(POLL_INTERVAL_MS) }),
      launchBrowser(),
    ]);
    const flips: FlipResult[] = [];
    const disagreements: DisagreementResult[] = [];
    for (const mode of MODES) {
      await switchRealtimeMode(service.baseUrl, mode, POLL_INTERVAL_MS);
      console.log(`measuring ${mode}: ${FLIPS} flips, then ${SAMPLE_MS / 1000} s of two skewed pages…`);
      flips.push(await measureFlips(browser, service, mode));
      disagreements.push(await measureDisagreement(browser, service, mode));
    }
    printTables(flips, disagreements);
    const target = path.join(await artifactDir('bench-browser'), 'results.json');
    await writeFile(
      target,
      JSON.stringify({ at: new Date().toISOString(), settings: { FLIPS, SPACING_MS, LEAD_MS, SAMPLE_MS, POLL_INTERVAL_MS, SKEWS }, flips, disagreements }, null, 2),
    );
    console.log(`\nraw figures: ${path.relative(process.cwd(), target)}`);
  } finally {
    await browser?.close();
    service?.kill('SIGTERM');
    await service?.exited;
    await database.drop();
  }
}

await main();
