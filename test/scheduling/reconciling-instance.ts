// A service instance reduced to its scheduler, run as a child process so a test can SIGKILL it
// while it holds the reconcile job's lock. Prints one line per reconcile run it starts.
// Usage: node reconciling-instance.js <databaseUrl> <reconcileEveryMs> <reconcileDurationMs>

import { createAgendaScheduler } from '../../src/adapters/scheduling/agenda-scheduler.js';

const [databaseUrl = '', everyMs = '500', durationMs = '3000'] = process.argv.slice(2);

const instance = createAgendaScheduler({
  databaseUrl,
  instanceId: `child-${process.pid}`,
  reconcileEveryMs: Number(everyMs),
  clock: { now: () => Date.now() },
  onError: (error, context) => process.stderr.write(`${context}: ${String(error)}\n`),
});

await instance.start({
  onBoundary: async () => {},
  onReconcile: async () => {
    process.stdout.write('reconcile-start\n');
    await new Promise((resolve) => setTimeout(resolve, Number(durationMs)));
  },
});
process.stdout.write('started\n');
