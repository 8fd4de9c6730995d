// Check 3, the stream as each client applied it. A plain client: within one connection the seqs it
// applied only go up; no seq is applied twice in its life; no change (card, version) comes in two
// events. A store (a view; it re-reads snapshots, and a restarted one may start from an older
// one): no card it shows goes back to an older version, and a card removed from the catalogue
// never comes back into an all-catalogue view.

import type { ClientLog } from '../history.js';
import { result, type CheckResult } from './common.js';

function plainViolations(log: ClientLog): string[] {
  const failures: string[] = [];
  const name = log.spec.id;
  const lastInConn = new Map<number, number>();
  const seqs = new Set<number>();
  const changes = new Map<string, number>();
  for (const entry of log.entries) {
    if (entry.k !== 'event') continue;
    const last = lastInConn.get(entry.conn);
    if (last !== undefined && entry.seq <= last) failures.push(`${name}: seq ${entry.seq} applied after ${last} on connection ${entry.conn}`);
    lastInConn.set(entry.conn, Math.max(last ?? 0, entry.seq));
    if (seqs.has(entry.seq)) failures.push(`${name}: seq ${entry.seq} applied twice`);
    seqs.add(entry.seq);
    for (const [id, version] of entry.cards) {
      const key = `${id}/${version}`;
      const before = changes.get(key);
      if (before !== undefined && before !== entry.seq) failures.push(`${name}: card ${id} v${version} applied twice (seq ${before} and ${entry.seq})`);
      changes.set(key, entry.seq);
    }
  }
  return failures;
}

function storeViolations(log: ClientLog): string[] {
  const failures: string[] = [];
  const name = log.spec.id;
  const shown = new Map<number, number>();
  const gone = new Set<number>();
  for (const entry of log.entries) {
    if (entry.k !== 'view') continue;
    for (const [id, version] of entry.cards) {
      const before = shown.get(id);
      if (before !== undefined && version < before) failures.push(`${name}: card ${id} went back from v${before} to v${version}`);
      if (gone.has(id) && log.spec.kind === 'all-store') failures.push(`${name}: card ${id} came back after it left the catalogue (v${version})`);
      shown.set(id, Math.max(before ?? 0, version));
      gone.delete(id);
    }
    for (const id of entry.left) gone.add(id);
  }
  return failures;
}

export function checkStream(clients: readonly ClientLog[]): CheckResult {
  const failures: string[] = [];
  let events = 0;
  for (const log of clients) {
    events += log.entries.filter((e) => e.k === 'event' || e.k === 'view').length;
    failures.push(...(log.spec.kind === 'all' || log.spec.kind === 'few' ? plainViolations(log) : storeViolations(log)));
  }
  return result('stream: seq never backwards, nothing applied twice', `${clients.length} clients, ${events} applied events / view changes`, failures);
}
