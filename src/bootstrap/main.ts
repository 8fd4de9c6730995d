// Process entry point: read the configuration (or stop with one line per bad variable), start the
// service, print where it listens and the admin token, and shut down gracefully on SIGINT/SIGTERM
// within SHUTDOWN_TIMEOUT_MS.

import { ConfigError, loadConfig, type Config } from './config.js';
import { startService } from './service.js';

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
let service: Awaited<ReturnType<typeof startService>>;
try {
  service = await startService(config);
} catch (error) {
  process.stderr.write(`start-up failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}

process.stdout.write(`\nConcert cards are live at ${service.url}\n`);
if (service.generatedAdminToken) process.stdout.write(`Admin token (generated for this run): ${service.generatedAdminToken}\n`);
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
    service.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`shutdown failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  });
}
