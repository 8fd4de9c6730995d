// What a stranger does with the client package, step by step, in a temporary directory: pack it as
// npm would publish it, install the tarball into an empty project (test/client-package/consumer,
// copied) from the registry, type-check that project, build it with Vite, and serve the build from
// its own origin. Each step runs the real tool and fails with its output.

import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

const REPO = process.cwd();
const FIXTURE = path.join(REPO, 'test', 'client-package', 'consumer');
const TSC = path.join(REPO, 'node_modules', 'typescript', 'bin', 'tsc');

export interface Ran {
  readonly code: number | null;
  readonly output: string;
  readonly ms: number;
}

/** Runs a command; resolves with its exit code and everything it printed. */
export function run(command: string, args: readonly string[], cwd: string): Promise<Ran> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], { cwd, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, output, ms: Date.now() - started }));
  });
}

async function mustRun(what: string, command: string, args: readonly string[], cwd: string): Promise<Ran> {
  const ran = await run(command, args, cwd);
  if (ran.code !== 0) throw new Error(`${what} failed (exit ${ran.code}):\n${ran.output}`);
  return ran;
}

export interface PackedPackage {
  readonly tarball: string;
  /** Paths inside the package, as `npm pack` lists them. */
  readonly files: readonly string[];
}

export class ConsumerProject {
  readonly root = mkdtempSync(path.join(os.tmpdir(), 'live-cards-consumer-'));
  readonly app = path.join(this.root, 'app');
  /** How long each step took, for the test's report. */
  readonly timings: Record<string, number> = {};

  /** `npm pack` of the built workspace package, into the temporary directory. */
  async pack(): Promise<PackedPackage> {
    const ran = await mustRun('npm pack', 'npm', ['pack', '--workspace', 'live-cards-client', '--pack-destination', this.root, '--json'], REPO);
    this.timings.pack = ran.ms;
    const [report] = JSON.parse(ran.output.slice(ran.output.indexOf('['))) as { filename: string; files: { path: string }[] }[];
    if (report === undefined) throw new Error(`npm pack printed no report:\n${ran.output}`);
    return { tarball: path.join(this.root, report.filename), files: report.files.map((file) => file.path).sort() };
  }

  /** A fresh copy of the consumer project with the tarball installed, its other packages from the registry. */
  async install(tarball: string): Promise<void> {
    cpSync(FIXTURE, this.app, { recursive: true, filter: (source) => !source.includes(`${path.sep}node_modules`) && !source.includes(`${path.sep}dist`) });
    // --prefer-offline: packages npm has cached from an earlier run are taken from its cache.
    const ran = await mustRun('npm install of the tarball', 'npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball], this.app);
    this.timings.install = ran.ms;
  }

  installedManifest(): { name: string; version: string; dependencies?: Record<string, string> } {
    return JSON.parse(readFileSync(path.join(this.app, 'node_modules', 'live-cards-client', 'package.json'), 'utf8')) as { name: string; version: string };
  }

  /** `tsc --strict` over the consumer's sources (the package's declarations included); the run, passed or not. */
  async typeCheck(): Promise<Ran> {
    const ran = await run(process.execPath, [TSC, '--strict', '-p', path.join(this.app, 'tsconfig.json')], this.app);
    this.timings.typeCheck = ran.ms;
    return ran;
  }

  /** `vite build` of the React page into app/dist. */
  async build(): Promise<string> {
    const ran = await mustRun('vite build', process.execPath, [path.join(this.app, 'node_modules', 'vite', 'bin', 'vite.js'), 'build'], this.app);
    this.timings.build = ran.ms;
    const dist = path.join(this.app, 'dist');
    if (!existsSync(path.join(dist, 'index.html'))) throw new Error(`vite build wrote no index.html:\n${ran.output}`);
    return dist;
  }

  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' };

/** Serves a built page from its own loopback origin (not the service's), as a front end is. */
export async function serveStatic(dir: string): Promise<{ readonly origin: string; close(): Promise<void> }> {
  const server: Server = createServer((request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    const file = path.join(dir, pathname === '/' ? 'index.html' : pathname);
    if (!file.startsWith(dir) || !existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
