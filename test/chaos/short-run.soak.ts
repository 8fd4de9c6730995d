// The short form of the chaos soak (issue 14), `npm run chaos:short` (not yet in `npm test`: it fails
// on an open client bug, a whole-catalogue store that drops cards for 50–250 ms; see operations.md): 60 s of seeded faults over three
// instances, then every check of the checker over the history. The seed is fixed, so a failure
// replays with `CHAOS_SEED=14 CHAOS_DURATION_S=60 npm run chaos`; the table is written to
// bench/results/chaos-14.md as by the long form.

import { expect } from 'chai';
import { check } from '../../bench/chaos/check/checker.js';
import { renderTable, writeResults } from '../../bench/chaos/report.js';
import { runChaos } from '../../bench/chaos/run.js';

const SEED = 14;

describe('Chaos soak, short form (60 s, seed 14)', function () {
  // 60 s of faults, instance start-ups (several seconds each on a loaded machine), the settle.
  this.timeout(300_000);

  it('keeps every promise through a minute of kills, cuts, pauses, latency and bursts', async () => {
    const lines: string[] = [];
    const history = await runChaos({ seed: SEED, durationS: 60, log: (line) => lines.push(line) });
    const verdict = check(history);
    const table = renderTable(history, verdict);
    writeResults(history, verdict, table);
    console.log(`      [chaos] ${history.faults.length} faults, ${verdict.passed} passed, ${verdict.failed} failed (bench/results/chaos-${SEED}.md)`);
    const failures = verdict.checks.filter((c) => !c.passed).map((c) => `${c.name}: ${c.failures.slice(0, 3).join(' / ')}`);
    expect(failures, table).to.deep.equal([]);
    expect(history.faults.length, 'faults injected').to.be.at.least(3);
  });
});
