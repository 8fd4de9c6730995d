// A service instance reduced to its scheduler, run as a child process so a test can SIGKILL it
// while it holds the reconcile job's lock. Prints one line per reconcile run it starts.
// Usage: node reconciling-instance.js <postgres|mongo> <url> <reconcileEveryMs> <reconcileDurationMs>

import { createAgendaScheduler } from '../../src/adapters/scheduling/agenda-scheduler.js';
import { systemClock } from '../../src/adapters/clock/system-clock.js';

const [store = '', url = '', everyMs = '500', durationMs = '3000'] = process.argv.slice(2);
if (store !== 'postgres' && store !== 'mongo') throw new Error(`usage: reconciling-instance.js <postgres|mongo> <url> ..., got ${store}`);

const instance = createAgendaScheduler({
  databaseUrl: store === 'postgres' ? url : 'postgres://unused',
  ...(store === 'mongo' ? { mongoUrl: url } : {}),
  instanceId: `child-${process.pid}`,
  clock: systemClock,
  reconcileEveryMs: Number(everyMs),
  onError: (error, context) => process.stderr.write(`${context}: ${String(error)}\n`),
});

await instance.start({
  onBoundary: async () => undefined,
  onReconcile: async () => {
    process.stdout.write('reconcile-start\n');
    await new Promise((resolve) => setTimeout(resolve, Number(durationMs)));
  },
});
process.stdout.write('started\n');
