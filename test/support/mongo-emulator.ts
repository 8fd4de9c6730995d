// Starts the MongoDB-wire-compatible emulator (test/support/mongo-emulator-process.ts) as a child
// process on a free loopback port, for the tests and benchmarks that run Agenda's Mongo backend.
//
// What it is and is not (docs/operations.md, "Agenda on MongoDB"): it speaks MongoDB's wire
// protocol and runs one command at a time, so Agenda's findOneAndUpdate locking is atomic on it by
// construction, not by mongod's concurrency control. It has no change streams, no replica sets,
// and creates unique indexes without enforcing them. The driver must poll it for monitoring
// (`serverMonitoringMode=poll`): it cannot stream `hello`, and in the default mode the driver
// clears its pool on every heartbeat. That option is put in the URLs made here, for the emulator
// only; the service never adds it to a URL.
//
// Installing @push.rocks/smartmongo 2.2.0 needs package.json's "overrides": its main entry pulls
// in @push.rocks/smartdata, @push.rocks/mongodump and mongodb-memory-server (a mongod launcher that
// downloads a binary), none of which the wire server imports, and mongodump's newest release asks
// for versions of @push.rocks/lik and @push.rocks/smartfs the registry does not have. The
// overrides alias those three to @push.rocks/smartpromise, a small package the emulator needs
// anyway, so the tree installs from the registry alone.

import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { freePort } from './loopback.js';

const PROCESS = fileURLToPath(new URL('./mongo-emulator-process.js', import.meta.url));
/** Driver options the emulator needs, added to every URL made here. */
const EMULATOR_OPTIONS = 'directConnection=true&serverMonitoringMode=poll';

export interface MongoEmulator {
  readonly port: number;
  /** A URL for a database of its own (a fresh name per call), with the options the emulator needs. */
  databaseUrl(prefix?: string): string;
  stop(): Promise<void>;
}

export async function startMongoEmulator(startTimeoutMs = 15_000): Promise<MongoEmulator> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [PROCESS, String(port)], { stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the Mongo emulator did not listen within ${startTimeoutMs} ms:\n${output}`)), startTimeoutMs);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(`listening ${port}`)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the Mongo emulator exited with ${code}:\n${output}`));
    });
  }).catch((error: unknown) => {
    child.kill('SIGKILL');
    throw error;
  });
  return {
    port,
    databaseUrl: (prefix = 'agenda') => `mongodb://127.0.0.1:${port}/${prefix}_${process.pid}_${randomBytes(4).toString('hex')}?${EMULATOR_OPTIONS}`,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const stopped = await Promise.race([exited.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 3_000))]);
      if (!stopped) child.kill('SIGKILL');
    },
  };
}
