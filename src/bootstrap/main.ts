// Process entry point: read the configuration (or stop with one line per bad variable), start the
// service, print where it listens and the admin token, and shut down gracefully on SIGINT/SIGTERM
// within SHUTDOWN_TIMEOUT_MS. An error nothing handled stops the process (exit code 70).

import { ConfigError, loadConfig, type Config } from './config.js';
import { startService } from './service.js';

/** EX_SOFTWARE (sysexits.h): an internal error, told apart from bad configuration (2) and a failed start or stop (1). */
const FATAL_EXIT_CODE = 70;

function readConfig(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      for (const problem of error.problems) process.stderr.write(`configuration error: ${problem}\n`);
      process.exit(2);
    }
    throw error;
  }
}

const config = readConfig();
let service: Awaited<ReturnType<typeof startService>> | undefined;

// After an error nothing handled, no one knows what state the process is in: log it once, with what
// and where, and exit at once, for the supervisor to restart it. Like a SIGKILL, this leaves the
// instance's scheduler locks and unsent events to the reconcile job of the others (DESIGN.md).
let failing = false;
function failFatally(origin: 'uncaughtException' | 'unhandledRejection', error: unknown): void {
  if (failing) return;
  failing = true;
  const context = { origin, instanceId: config.instanceId, phase: service ? 'running' : 'starting' };
  try {
    if (service) service.telemetry.logger.fatal({ ...context, err: error }, 'unhandled error: exiting so that the supervisor restarts the process');
    else process.stderr.write(`fatal ${origin} while starting (instance ${config.instanceId}): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  } finally {
    process.exit(FATAL_EXIT_CODE); // pino flushes its buffered lines on exit
  }
}
process.on('uncaughtException', (error, origin) => failFatally(origin, error));
process.on('unhandledRejection', (reason) => failFatally('unhandledRejection', reason));

try {
  service = await startService(config);
} catch (error) {
  process.stderr.write(`start-up failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}

const running = service;
process.stdout.write(`\nConcert cards are live at ${running.url}\n`);
if (running.generatedAdminToken) process.stdout.write(`Admin token (generated for this run): ${running.generatedAdminToken}\n`);
process.stdout.write(`Instance ${config.instanceId}; stop with Ctrl-C.\n\n`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    const deadline = setTimeout(() => {
      process.stderr.write(`shutdown took longer than ${config.shutdownTimeoutMs} ms; exiting\n`);
      process.exit(1);
    }, config.shutdownTimeoutMs);
    deadline.unref();
    running.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`shutdown failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  });
}
