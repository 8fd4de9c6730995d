// `npm install` on a fresh clone prints what applies and nothing else (.npmrc, README "Set-up"):
// npm 11 checks `engines` against the Node that runs npm, not the project's own Node 22, so the
// project's .npmrc keeps npm to errors. These tests run the real npm, with the project's .npmrc, on
// throw-away projects in the OS temp directory: an engines mismatch stays quiet, while a failing
// install script and an unreachable registry still stop the install with their error shown.

import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../support/loopback.js';

const PROJECT_NPMRC = path.join(process.cwd(), '.npmrc');

interface Run {
  readonly code: number | null;
  readonly output: string;
}

function npm(cwd: string, args: readonly string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', [...args], { cwd, env: { ...process.env, npm_config_loglevel: undefined, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, output }));
  });
}

/** A project depending on one local package, with the repository's .npmrc (or none). */
function project(root: string, dependency: Record<string, unknown>, withProjectNpmrc = true): string {
  const name = String(dependency.name);
  mkdirSync(path.join(root, name), { recursive: true });
  writeFileSync(path.join(root, name, 'package.json'), JSON.stringify({ version: '1.0.0', ...dependency }));
  const app = path.join(root, `app-${name}`);
  mkdirSync(app);
  writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', dependencies: { [name]: `file:../${name}` } }));
  if (withProjectNpmrc) copyFileSync(PROJECT_NPMRC, path.join(app, '.npmrc'));
  return app;
}

describe('set-up: what npm install prints', function () {
  this.timeout(60_000);
  let root = '';
  // `--install-links` installs the local package as a registry package would be (scripts and all).
  const install = ['install', '--install-links', '--no-audit', '--no-fund'];

  before(function () {
    root = mkdtempSync(path.join(os.tmpdir(), 'npm-setup-'));
  });

  after(function () {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('keeps npm to errors in the project .npmrc', function () {
    expect(readFileSync(PROJECT_NPMRC, 'utf8')).to.match(/^loglevel=error$/m);
  });

  it('prints no EBADENGINE for a package whose engines the running Node does not meet (npm alone would)', async function () {
    const dependency = { name: 'needs-future-node', engines: { node: '>=99' } };
    const quiet = await npm(project(root, dependency), install);
    expect(quiet.code, quiet.output).to.equal(0);
    expect(quiet.output).to.not.include('EBADENGINE');
    // The control: without the project's .npmrc the same install warns, so the check above can fail.
    const noisy = await npm(project(path.join(root, 'control'), dependency, false), install);
    expect(noisy.output).to.include('EBADENGINE');
  });

  it('still shows a failing install script, and fails', async function () {
    const run = await npm(project(root, { name: 'broken-build', scripts: { install: 'echo compiling the addon; exit 3' } }), install);
    expect(run.code).to.equal(3);
    expect(run.output).to.include('npm error');
    expect(run.output).to.include('compiling the addon');
  });

  it('still shows an unreachable registry, and fails', async function () {
    const app = path.join(root, 'offline');
    mkdirSync(app);
    copyFileSync(PROJECT_NPMRC, path.join(app, '.npmrc'));
    writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', dependencies: { 'left-pad': '1.3.0' } }));
    // A loopback port nobody listens on, and an empty cache, so nothing can be found anywhere.
    const registry = `http://127.0.0.1:${await freePort()}/`;
    const run = await npm(app, [...install, `--registry=${registry}`, `--cache=${path.join(app, 'cache')}`, '--fetch-retries=0']);
    expect(run.code).to.not.equal(0);
    expect(run.output).to.include('npm error');
    expect(run.output).to.match(/ECONNREFUSED|ENOTFOUND|request to .* failed/);
  });
});
