// Check 1, final views: after the last fault healed and the settle, every client is connected (or
// polling, in polling mode) and holds, for every card it watches, what PostgreSQL published:
// status, seats, version — no card missing, none extra (a removed card must be gone).

import type { CardFacts, ClientLog, History } from '../history.js';
import { queryKey } from '../history.js';
import { result, type CheckResult } from './common.js';

function expectedFor(log: ClientLog, history: History, truth: ReadonlyMap<number, CardFacts>): number[] {
  switch (log.spec.kind) {
    case 'all':
    case 'all-store':
      return [...truth.keys()];
    case 'few':
      return (log.spec.ids ?? []).filter((id) => truth.has(id));
    case 'view':
      return [...(history.truth.views[queryKey(log.spec.query ?? {})] ?? [])];
  }
}

export function checkFinalViews(history: History): CheckResult {
  const truth = new Map(history.truth.cards.map((card) => [card[0], card]));
  const failures: string[] = [];
  let compared = 0;
  for (const log of history.clients) {
    const name = `${log.spec.id} (${log.spec.kind})`;
    if (!log.connectedAtEnd) failures.push(`${name}: not connected at the end`);
    const held = new Map(log.final.map((card) => [card[0], card]));
    const expected = expectedFor(log, history, truth);
    for (const id of expected) {
      compared += 1;
      const want = truth.get(id) as CardFacts;
      const have = held.get(id);
      if (!have) failures.push(`${name}: card ${id} missing (database: v${want[1]} ${want[2]} ${want[3]} seats)`);
      else if (have[1] !== want[1] || have[2] !== want[2] || have[3] !== want[3]) {
        failures.push(`${name}: card ${id} is v${have[1]} ${have[2]} ${have[3]} seats, database v${want[1]} ${want[2]} ${want[3]} seats`);
      }
    }
    const wanted = new Set(expected);
    for (const id of held.keys()) {
      if (!wanted.has(id)) failures.push(`${name}: card ${id} held but ${truth.has(id) ? 'not in its view' : 'removed from the database'}`);
    }
  }
  return result('final views equal the database', `${history.clients.length} clients, ${compared} cards compared`, failures);
}
