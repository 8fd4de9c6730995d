// `npm run chaos`: a randomized fault soak over three instances, then the checker over its history.
//   CHAOS_SEED        replay a run (default: a random seed, printed first)
//   CHAOS_DURATION_S  how long faults are injected (default 600)
// Prints the table and `N passed, N failed`; writes bench/results/chaos-<seed>.json and .md;
// exits 1 when a check failed.

import { randomInt } from 'node:crypto';
import { check } from './check/checker.js';
import { renderTable, writeResults } from './report.js';
import { runChaos } from './run.js';

const seed = process.env.CHAOS_SEED ? Number(process.env.CHAOS_SEED) : randomInt(1, 2 ** 31 - 1);
const durationS = Number(process.env.CHAOS_DURATION_S ?? 600);

const history = await runChaos({ seed, durationS });
const verdict = check(history);
const table = renderTable(history, verdict);
const written = writeResults(history, verdict, table);
process.stdout.write(`\n${table}\n\nwritten: ${written}.json, ${written}.md\n`);
process.exit(verdict.failed === 0 ? 0 : 1);
