// The checker: pure functions over a run's history (history.ts), no I/O. Runs every check and
// gathers the figures the report prints. `npm run chaos` calls it on the history it just
// recorded; `node dist/bench/chaos/recheck.js <file>` calls it on a saved one.

import type { FaultKind, History } from '../history.js';
import { checkBoundaries, type BoundaryFigures } from './boundaries.js';
import type { CheckResult } from './common.js';
import { checkExits, checkHttpErrors, checkLogs } from './errors.js';
import { checkFinalViews } from './final-views.js';
import { checkInventory, type InventoryFigures } from './inventory.js';
import { checkRecovery, checkRedisTargets, type RecoveryFigures } from './recovery.js';
import { checkStream } from './stream.js';

export interface Verdict {
  readonly checks: readonly CheckResult[];
  readonly passed: number;
  readonly failed: number;
  readonly figures: {
    readonly faultsByKind: Partial<Record<FaultKind, number>>;
    readonly boundaries: BoundaryFigures;
    readonly inventory: InventoryFigures;
    readonly recovery: RecoveryFigures;
    readonly http503ByFault: Record<string, number>;
    readonly clientStats: Record<string, number>;
  };
}

export function check(history: History): Verdict {
  const boundaries = checkBoundaries(history);
  const inventory = checkInventory(history);
  const recovery = checkRecovery(history);
  const http = checkHttpErrors(history);
  const checks = [
    checkFinalViews(history),
    boundaries.check,
    boundaries.published,
    checkStream(history.clients),
    inventory.check,
    http.check,
    checkExits(history),
    checkLogs(history),
    recovery.check,
    checkRedisTargets(history),
  ];
  const faultsByKind: Partial<Record<FaultKind, number>> = {};
  for (const fault of history.faults) faultsByKind[fault.kind] = (faultsByKind[fault.kind] ?? 0) + 1;
  const clientStats: Record<string, number> = {};
  for (const log of history.clients) for (const [key, value] of Object.entries(log.stats)) clientStats[`${log.spec.kind}.${key}`] = (clientStats[`${log.spec.kind}.${key}`] ?? 0) + value;
  const passed = checks.filter((c) => c.passed).length;
  return {
    checks,
    passed,
    failed: checks.length - passed,
    figures: { faultsByKind, boundaries: boundaries.figures, inventory: inventory.figures, recovery: recovery.figures, http503ByFault: http.byFault, clientStats },
  };
}
