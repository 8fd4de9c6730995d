// A service process on a port chosen by the test, so a replacement can take the place of a killed
// instance at the same address (the page only knows its origin). test/support's
// spawnServiceProcess always picks a fresh port; this is its fixed-port sibling for the browser's
// "instance killed and replaced" test.

import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { TEST_ADMIN_TOKEN, waitForReady } from '../../support/service-harness.js';

const MAIN = fileURLToPath(new URL('../../../src/bootstrap/main.js', import.meta.url));

export interface PortProcess {
  readonly baseUrl: string;
  output(): string;
  readonly exited: Promise<number | null>;
  kill(signal: NodeJS.Signals): void;
}

/** Starts the built service on `port` and waits until /health/ready answers 200. */
export async function startServiceOnPort(name: string, port: number, env: Record<string, string>): Promise<PortProcess> {
  const child = spawn(process.execPath, [MAIN], {
    env: { ...process.env, ADMIN_TOKEN: TEST_ADMIN_TOKEN, LOG_LEVEL: 'warn', DEMO_SEED: 'false', INSTANCE_ID: name, ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const baseUrl = `http://127.0.0.1:${port}`;
  const ready = await Promise.race([waitForReady(baseUrl, 30_000), exited.then(() => false)]);
  if (!ready) {
    child.kill('SIGKILL');
    throw new Error(`instance ${name} did not become ready on port ${port}:\n${output}`);
  }
  return { baseUrl, output: () => output, exited, kill: (signal) => void child.kill(signal) };
}
