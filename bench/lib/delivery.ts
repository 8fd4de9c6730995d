// Delivery analysis: given what every client recorded and the transitions that were due (concert,
// boundary instant, status it turns into), the per-(transition, client) latency — first receipt
// minus the boundary instant — and what was missed or duplicated.
//
// Duplicates are counted at three levels: raw messages (the same seq twice on one client, dropped
// by seq dedup), publications (the same transition under two seqs, which seq dedup cannot drop),
// and after dedup (a client that would apply the same transition twice after dedup by seq and card
// version — two different versions both saying so).

import type { DeliveryResult } from './fleet/recorders/delivery-recorder.js';
import { summarize, type Summary } from './stats.js';

export interface ExpectedTransition {
  readonly concertId: number;
  readonly boundaryAt: number;
  readonly status: string;
}

export interface DeliveryReport {
  readonly clients: number;
  readonly transitions: number;
  readonly expectedDeliveries: number;
  readonly delivered: number;
  readonly misses: number;
  readonly early: number;
  readonly rawDuplicateMessages: number;
  readonly duplicatePublications: number;
  readonly duplicatesAfterDedup: number;
  readonly latencyMs: Summary;
  readonly messages: number;
  readonly disconnects: number;
}

export function analyzeDelivery(results: readonly DeliveryResult[], clients: number, expected: readonly ExpectedTransition[]): DeliveryReport {
  const due = new Map(expected.map((t) => [t.concertId, t]));
  // key: client * 2^21 + concert -> first receipt; versions seen; seqs seen
  const first = new Map<number, number>();
  const versions = new Map<number, Set<number>>();
  const seqsPerConcert = new Map<number, Set<number>>();
  let early = 0;
  for (const r of results) {
    for (let i = 0; i < r.client.length; i += 1) {
      const concertId = r.concert[i] as number;
      const t = due.get(concertId);
      if (!t || r.statusNames[r.status[i] as number] !== t.status) continue;
      const key = (r.client[i] as number) * 2_097_152 + concertId;
      const at = r.receivedAt[i] as number;
      const prior = first.get(key);
      if (prior === undefined || at < prior) first.set(key, at);
      let vs = versions.get(key);
      if (!vs) versions.set(key, (vs = new Set()));
      vs.add(r.version[i] as number);
      let ss = seqsPerConcert.get(concertId);
      if (!ss) seqsPerConcert.set(concertId, (ss = new Set()));
      ss.add(r.seq[i] as number);
    }
  }
  const latencies: number[] = [];
  for (const [key, at] of first) {
    const t = due.get(key % 2_097_152) as ExpectedTransition;
    const latency = at - t.boundaryAt;
    if (latency < 0) early += 1;
    latencies.push(latency);
  }
  let duplicatesAfterDedup = 0;
  for (const vs of versions.values()) duplicatesAfterDedup += vs.size - 1;
  let duplicatePublications = 0;
  for (const ss of seqsPerConcert.values()) duplicatePublications += ss.size - 1;
  const expectedDeliveries = clients * expected.length;
  return {
    clients,
    transitions: expected.length,
    expectedDeliveries,
    delivered: first.size,
    misses: expectedDeliveries - first.size,
    early,
    rawDuplicateMessages: results.reduce((sum, r) => sum + r.rawDuplicateMessages, 0),
    duplicatePublications,
    duplicatesAfterDedup,
    latencyMs: summarize(latencies),
    messages: results.reduce((sum, r) => sum + r.messages, 0),
    disconnects: results.reduce((sum, r) => sum + r.disconnects, 0),
  };
}
