// An error nothing handled (an unhandled rejection, an uncaught exception) leaves the process in a
// state no one knows: it is logged once, as one structured fatal line with what and where, and the
// process exits with code 70 so the supervisor restarts it. Proved on the built service as a real
// process, with the faults planted by a preloaded module (plant-fault.ts).

import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { spawnServiceProcess, type ServiceProcess } from '../support/service-harness.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const PLANT = fileURLToPath(new URL('./plant-fault.js', import.meta.url));
const MAIN = fileURLToPath(new URL('../../src/bootstrap/main.js', import.meta.url));

interface LogLine {
  level?: number;
  msg?: string;
  [key: string]: unknown;
}

function jsonLines(output: string): LogLine[] {
  return output.split('\n').flatMap((line) => {
    try {
      return line.startsWith('{') ? [JSON.parse(line) as LogLine] : [];
    } catch {
      return [];
    }
  });
}

describe('fatal errors in a running process', function () {
  this.timeout(90_000);
  let database: TestDatabase;
  let instance: ServiceProcess | null = null;

  before(async () => {
    database = await createTestDatabase();
  });
  afterEach(() => {
    if (instance && instance.child.exitCode === null && instance.child.signalCode === null) instance.kill('SIGKILL');
    instance = null;
  });
  after(() => database?.drop());

  for (const [fault, origin, message] of [
    ['rejection', 'unhandledRejection', 'planted unhandled rejection'],
    ['exception', 'uncaughtException', 'planted uncaught exception'],
  ] as const) {
    it(`logs an ${origin} once, with context, and exits with code 70`, async () => {
      instance = await spawnServiceProcess(`fatal-${fault}`, { DATABASE_URL: database.url, NODE_OPTIONS: `--import=${PLANT}`, PLANT_FAULT: fault, LOG_LEVEL: 'info' });
      const running = instance;
      running.kill('SIGUSR2');
      const code = await Promise.race([running.exited, new Promise((resolve) => setTimeout(() => resolve('still running after 10 s'), 10_000))]);
      expect(code, running.output()).to.equal(70);

      const fatal = jsonLines(running.output()).filter((line) => line.level === 60);
      expect(fatal, running.output()).to.have.length(1);
      const line = fatal[0] as LogLine & { err: { message: string; stack: string } };
      expect(line).to.include({ origin, instanceId: `fatal-${fault}`, phase: 'running', msg: 'unhandled error: exiting so that the supervisor restarts the process' });
      expect(line.err.message).to.equal(message);
      expect(line.err.stack, 'where it came from').to.include('plant-fault.js');
      expect(running.output(), 'the second fault is not logged').not.to.include('second planted');
      const mentions = running.output().split('\n').filter((text) => text.includes(message));
      expect(mentions, 'logged once, on that line, not also printed by Node').to.have.length(1);
    });
  }

  it('says so on one stderr line, and exits with code 70, when the error comes while starting', async () => {
    const child = spawn(process.execPath, [MAIN], {
      env: { ...process.env, DATABASE_URL: database.url, PORT: '0', INSTANCE_ID: 'fatal-start', DEMO_SEED: 'false', LOG_LEVEL: 'warn', NODE_OPTIONS: `--import=${PLANT}`, PLANT_FAULT: 'rejection-while-starting' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code, stderr).to.equal(70);
    const lines = stderr.split('\n').filter((line) => line.includes('planted'));
    expect(lines, stderr).to.have.length(1);
    expect(lines[0]).to.match(/^fatal unhandledRejection while starting \(instance fatal-start\): Error: planted unhandled rejection while starting$/);
  });
});
