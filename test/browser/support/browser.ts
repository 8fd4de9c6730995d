// What the browser tests need around a real Chromium: launching Debian's /usr/bin/chromium through
// playwright-core, skewing a page's clock (so "the local clock is 90 s behind" is a real
// condition, not a mock), recording the network (HTTP requests and Socket.IO frames with times)
// and writing evidence (network.json, screenshots) under artifacts/<test>/.

import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page, type Request, type WebSocket } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The repository root (this file runs from dist/test/browser/support/). */
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
export const ARTIFACTS_DIR = path.join(REPO_ROOT, 'artifacts');

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/**
 * Makes the page's wall clock `offsetMs` off from the real time (positive: ahead) before any page
 * script runs: `Date.now()`, `new Date()`, `Date()` and `performance.timeOrigin` all move, while
 * `performance.now()` stays monotonic (it is relative to the shifted origin). Timers are untouched,
 * as on a real device whose clock is wrong.
 */
export async function skewPageClock(page: Page, offsetMs: number): Promise<void> {
  await page.addInitScript((offset: number) => {
    const RealDate = Date;
    const realNow = RealDate.now.bind(RealDate);
    const skewedNow = () => realNow() + offset;
    function SkewedDate(this: unknown, ...args: unknown[]): Date | string {
      if (!new.target) return new RealDate(skewedNow()).toString();
      return args.length === 0 ? new RealDate(skewedNow()) : new (RealDate as unknown as new (...a: unknown[]) => Date)(...args);
    }
    Object.setPrototypeOf(SkewedDate, RealDate);
    SkewedDate.prototype = RealDate.prototype;
    Object.assign(SkewedDate, { now: skewedNow, parse: RealDate.parse, UTC: RealDate.UTC });
    globalThis.Date = SkewedDate as unknown as DateConstructor;
    const origin = performance.timeOrigin + offset;
    Object.defineProperty(performance, 'timeOrigin', { configurable: true, get: () => origin });
  }, offsetMs);
}

export interface NetworkEntry {
  /** Real wall-clock time of the test process (epoch ms), not the page's skewed clock. */
  readonly at: number;
  /** Milliseconds since the recorder started. */
  readonly t: number;
  readonly kind: 'request' | 'response' | 'requestfailed' | 'websocket' | 'frame-sent' | 'frame-received' | 'websocket-closed';
  readonly url: string;
  readonly method?: string;
  readonly status?: number;
  readonly resourceType?: string;
  /** Frame text (truncated), or the failure text. */
  readonly payload?: string;
}

const FRAME_TEXT_LIMIT = 600;

/** Records what a page sends and receives, from the moment it is attached. */
export class NetworkRecorder {
  private readonly entries: NetworkEntry[] = [];
  private readonly startedAt = Date.now();

  constructor(page: Page) {
    page.on('request', (request) => this.add('request', request.url(), { method: request.method(), resourceType: request.resourceType() }));
    page.on('response', (response) => this.add('response', response.url(), { method: response.request().method(), status: response.status() }));
    page.on('requestfailed', (request: Request) =>
      this.add('requestfailed', request.url(), { method: request.method(), payload: request.failure()?.errorText ?? 'failed' }),
    );
    page.on('websocket', (socket: WebSocket) => {
      this.add('websocket', socket.url());
      socket.on('framesent', (frame) => this.add('frame-sent', socket.url(), { payload: frameText(frame.payload) }));
      socket.on('framereceived', (frame) => this.add('frame-received', socket.url(), { payload: frameText(frame.payload) }));
      socket.on('close', () => this.add('websocket-closed', socket.url()));
    });
  }

  all(): readonly NetworkEntry[] {
    return [...this.entries];
  }

  /** HTTP requests whose path starts with `pathPrefix` (e.g. `/api/concerts/search`, `/socket.io`). */
  requestsTo(pathPrefix: string, since = 0): NetworkEntry[] {
    return this.entries.filter((entry) => entry.kind === 'request' && entry.at >= since && new URL(entry.url).pathname.startsWith(pathPrefix));
  }

  /** WebSocket connections opened (Socket.IO uses `/socket.io/?EIO=4&transport=websocket`). */
  websocketsOpened(since = 0): NetworkEntry[] {
    return this.entries.filter((entry) => entry.kind === 'websocket' && entry.at >= since);
  }

  /** Socket.IO event frames received whose text contains `name` (e.g. `CONCERTS_REFRESH`). */
  framesReceived(name: string, since = 0): NetworkEntry[] {
    return this.entries.filter((entry) => entry.kind === 'frame-received' && entry.at >= since && (entry.payload ?? '').includes(name));
  }

  /** Writes artifacts/<test>/<file> and returns its path. */
  async save(testName: string, file = 'network.json'): Promise<string> {
    const target = path.join(await artifactDir(testName), file);
    await writeFile(target, JSON.stringify({ startedAt: new Date(this.startedAt).toISOString(), entries: this.entries }, null, 2));
    return target;
  }

  private add(kind: NetworkEntry['kind'], url: string, extra: Partial<NetworkEntry> = {}): void {
    const at = Date.now();
    this.entries.push({ at, t: at - this.startedAt, kind, url, ...extra });
  }
}

function frameText(payload: string | Buffer): string {
  const text = typeof payload === 'string' ? payload : `<binary ${payload.length} bytes>`;
  return text.length > FRAME_TEXT_LIMIT ? `${text.slice(0, FRAME_TEXT_LIMIT)}…` : text;
}

/** artifacts/<slug of the test name>/, created if missing. */
export async function artifactDir(testName: string): Promise<string> {
  const slug = testName
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  const dir = path.join(ARTIFACTS_DIR, slug || 'unnamed');
  await mkdir(dir, { recursive: true });
  return dir;
}

export async function saveScreenshot(page: Page, testName: string, name = 'page'): Promise<string> {
  const target = path.join(await artifactDir(testName), `${name}.png`);
  await page.screenshot({ path: target, fullPage: true });
  return target;
}

/** What the page's header shows about its clock: the numeric offset estimate (local - server), ms. */
export async function readClockOffsetMs(page: Page): Promise<number | null> {
  const value = await page.getByTestId('clock-offset').getAttribute('data-offset-ms');
  return value === null ? null : Number(value);
}
