// Runs the checker again over a saved run: `node dist/bench/chaos/recheck.js bench/results/chaos-<seed>.json`.
// Prints the table and exits 1 when a check fails, as `npm run chaos` did.

import { readFileSync } from 'node:fs';
import { check } from './check/checker.js';
import type { History } from './history.js';
import { renderTable } from './report.js';

const file = process.argv[2];
if (!file) throw new Error('usage: recheck.js <chaos-<seed>.json>');
const { history } = JSON.parse(readFileSync(file, 'utf8')) as { history: History };
const verdict = check(history);
process.stdout.write(`${renderTable(history, verdict)}\n`);
process.exit(verdict.failed === 0 ? 0 : 1);
