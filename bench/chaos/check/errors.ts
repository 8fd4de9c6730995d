// Check 5, errors. No 5xx but 503, and a 503 only while PostgreSQL was unavailable to some
// instance: a PostgreSQL cut, or the windows where an instance holding row locks cannot finish its
// transaction (paused, or its PostgreSQL link slowed), which make other writers hit lock_timeout —
// 503 UNAVAILABLE by CONTRACT.md. No instance exits but those the harness killed (a SIGTERM must
// end in exit code 0). No log line is fatal, names an unhandled rejection, or reports an
// unexpected 5xx ("request failed").

import type { FaultRecord, History } from '../history.js';
import { faultWindow, result, type CheckResult } from './common.js';

const GRACE_MS = 2_000;

function makesPostgresUnavailable(fault: FaultRecord): boolean {
  return fault.kind === 'pg-cut' || fault.kind === 'pause' || (fault.kind === 'latency' && fault.link === 'pg');
}

export function checkHttpErrors(history: History): { check: CheckResult; byFault: Record<string, number> } {
  const failures: string[] = [];
  const byFault: Record<string, number> = {};
  for (const error of history.httpErrors) {
    const during = history.faults.find((fault) => {
      const [start, end] = faultWindow(fault);
      return makesPostgresUnavailable(fault) && error.t >= start && error.t <= end + GRACE_MS;
    });
    if (error.status === 503 && during) byFault[during.kind] = (byFault[during.kind] ?? 0) + 1;
    else failures.push(`${error.status} on ${error.route} at ${new Date(error.t).toISOString()}${during ? ` during ${during.kind}` : ', no PostgreSQL fault active'}: ${error.body}`);
  }
  const counts = Object.entries(byFault).map(([kind, n]) => `${n} during ${kind}`).join(', ');
  return { check: result('HTTP: no 5xx but 503 while PostgreSQL is unavailable', `${history.httpErrors.length} 5xx${counts ? ` (${counts})` : ''}`, failures), byFault };
}

export function checkExits(history: History): CheckResult {
  const failures: string[] = [];
  for (const exit of history.instances) {
    if (exit.k !== 'exit') continue;
    const at = new Date(exit.t).toISOString();
    if (!exit.expected) failures.push(`instance ${exit.instance} exited by itself at ${at} (code ${exit.code}, signal ${exit.signal})`);
    else if (exit.signal !== 'SIGKILL' && exit.code !== 0) failures.push(`instance ${exit.instance} stopped with code ${exit.code} (signal ${exit.signal}) at ${at}`);
  }
  const exits = history.instances.filter((e) => e.k === 'exit').length;
  return result('no unexpected exits', `${exits} exits, all caused by the harness`, failures);
}

const FORBIDDEN = /"level":60|unhandled|"msg":"request failed"/i;

export function checkLogs(history: History): CheckResult {
  const failures = history.errorLines.filter((l) => FORBIDDEN.test(l.line)).map((l) => `instance ${l.instance}: ${l.line.slice(0, 400)}`);
  return result('logs: nothing fatal, unhandled or unexpected', `${history.errorLines.length} lines at error level or above`, failures);
}
