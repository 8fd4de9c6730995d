// The chaos checker on hand-made histories: a healthy history passes every check, and each rule
// fails on a history where exactly that rule was broken — so every check is shown to bite.

import { expect } from 'chai';
import { check } from '../../bench/chaos/check/checker.js';
import type { ClientEntry, History } from '../../bench/chaos/history.js';
import { defaultEntries, fault, healthyClient, healthyHistory, T, withClient } from './history-mother.js';

function failing(history: History): string[] {
  return check(history)
    .checks.filter((c) => !c.passed)
    .map((c) => c.name);
}

const named = (fragment: string) => (names: string[]) => names.some((name) => name.includes(fragment));

describe('Chaos checker', () => {
  it('passes a healthy history on every check', () => {
    const verdict = check(healthyHistory());
    expect(verdict.checks.filter((c) => !c.passed).map((c) => `${c.name}: ${c.failures.join('; ')}`)).to.deep.equal([]);
    expect(verdict.failed).to.equal(0);
  });

  describe('final views', () => {
    it('fails when a client holds an older version than the database', () => {
      const history = withClient(healthyHistory(), { ...healthyClient(), final: [[1, 1, 'OPEN_SOON_5M', 8]] });
      expect(failing(history)).to.satisfy(named('final views'));
    });
    it('fails when a client still holds a removed card', () => {
      const history = withClient(healthyHistory(), { ...healthyClient(), final: [[1, 2, 'OPEN', 8], [9, 1, 'OPEN', 3]] });
      expect(failing(history)).to.satisfy(named('final views'));
    });
    it('fails when a client is not connected at the end', () => {
      expect(failing(withClient(healthyHistory(), { ...healthyClient(), connectedAtEnd: false }))).to.satisfy(named('final views'));
    });
  });

  describe('boundaries', () => {
    const withEvents = (events: ClientEntry[]) => withClient(healthyHistory(), healthyClient('all-0', [...defaultEntries().slice(0, 3), ...events]));
    it('fails when a client sees a boundary before its instant', () => {
      const early = withEvents([{ k: 'event', t: T - 30, conn: 1, seq: 5, reason: 'SALE_STATUS_TRANSITION', serverNow: T - 40, cards: [[1, 2, 'OPEN', 8]], removed: [] }]);
      expect(failing(early)).to.satisfy(named('boundaries: once'));
    });
    it('fails when a client on a healthy instance never sees it', () => {
      expect(failing(withEvents([]))).to.satisfy(named('boundaries: once'));
    });
    it('fails when a healthy client applies it twice (two seqs carrying the change)', () => {
      const twice = withEvents([
        { k: 'event', t: T + 20, conn: 1, seq: 5, reason: 'SALE_STATUS_TRANSITION', serverNow: T + 5, cards: [[1, 2, 'OPEN', 8]], removed: [] },
        { k: 'event', t: T + 40, conn: 1, seq: 6, reason: 'SALE_STATUS_TRANSITION', serverNow: T + 6, cards: [[1, 2, 'OPEN', 8]], removed: [] },
      ]);
      expect(failing(twice)).to.satisfy(named('boundaries: once'));
    });
    it('does not ask it of a client whose instance was under a fault', () => {
      const history = { ...withEvents([]), faults: [fault({ kind: 'redis-cut', target: 0 })] };
      expect(failing(history)).not.to.satisfy(named('boundaries: once'));
    });
    it('counts a snapshot that showed it first as the one sighting', () => {
      const bySnapshot = withEvents([{ k: 'snapshot', t: T + 300, seq: 5, cards: [[1, 2, 'OPEN', 8]] }]);
      expect(failing(bySnapshot)).not.to.satisfy(named('boundaries: once'));
    });
    it('fails when a store shows the announced flip before the instant', () => {
      const store = withClient(healthyHistory(), {
        ...healthyClient('all-store-0', [...defaultEntries().slice(0, 2), { k: 'view', t: T - 4_000, seq: 4, cards: [[1, 1, 'OPEN_SOON_5M', 8]], left: [] }, { k: 'view', t: T - 150, seq: 4, cards: [[1, 1, 'OPEN', 8]], left: [] }, { k: 'view', t: T + 30, seq: 5, cards: [[1, 2, 'OPEN', 8]], left: [] }]),
        spec: { id: 'all-store-0', kind: 'all-store' },
      });
      expect(check(store).checks.find((c) => c.name.startsWith('boundaries: once'))?.failures.join()).to.include('flipped 150 ms before');
    });
    it('fails when the outbox holds the boundary twice, or a transition that changed nothing', () => {
      const base = healthyHistory();
      const twice = { ...base, truth: { ...base.truth, transitions: [...base.truth.transitions, [6, 1, 3, 'OPEN', T, T + 9] as const] } };
      expect(failing(twice)).to.satisfy(named('published once'));
      const repeat = { ...base, truth: { ...base.truth, repeats: [[7, 1, 3, 'OPEN', T, T + 9] as const] } };
      expect(failing(repeat)).to.satisfy(named('published once'));
    });
  });

  describe('stream', () => {
    it('fails when seqs go backwards on one connection', () => {
      const entries: ClientEntry[] = [...defaultEntries(), { k: 'event', t: T + 50, conn: 1, seq: 3, reason: 'INVENTORY_CHANGED', serverNow: T + 50, cards: [[7, 4, 'OPEN', 1]], removed: [] }];
      expect(failing(withClient(healthyHistory(), healthyClient('all-0', entries)))).to.satisfy(named('stream'));
    });
    it('fails when one seq is applied twice', () => {
      const entries: ClientEntry[] = [...defaultEntries(), { k: 'connect', t: T + 60, conn: 2 }, { k: 'event', t: T + 70, conn: 2, seq: 5, reason: 'SALE_STATUS_TRANSITION', serverNow: T + 5, cards: [], removed: [] }];
      expect(failing(withClient(healthyHistory(), healthyClient('all-0', entries)))).to.satisfy(named('stream'));
    });
    it('fails when a store shows a card at an older version, or brings back a removed card', () => {
      const store = (entries: ClientEntry[]) => withClient(healthyHistory(), { ...healthyClient('all-store-0', [...defaultEntries().slice(0, 2), ...entries]), spec: { id: 'all-store-0', kind: 'all-store' } });
      expect(failing(store([{ k: 'view', t: T + 10, seq: 5, cards: [[1, 2, 'OPEN', 8]], left: [] }, { k: 'view', t: T + 20, seq: 6, cards: [[1, 1, 'OPEN_SOON_5M', 8]], left: [] }]))).to.satisfy(named('stream'));
      expect(failing(store([{ k: 'view', t: T + 10, seq: 5, cards: [[1, 2, 'OPEN', 8], [9, 1, 'OPEN', 3]], left: [] }, { k: 'view', t: T + 20, seq: 6, cards: [], left: [9] }, { k: 'view', t: T + 30, seq: 6, cards: [[9, 1, 'OPEN', 3]], left: [] }]))).to.satisfy(named('stream'));
    });
  });

  describe('inventory', () => {
    it('fails when a retry with one key took seats twice', () => {
      const base = healthyHistory();
      expect(failing({ ...base, truth: { ...base.truth, seats: [{ id: 1, total: 10, available: 6 }] } })).to.satisfy(named('inventory'));
    });
    it('fails when a 201 is not a sale the database kept', () => {
      const base = healthyHistory();
      expect(failing({ ...base, truth: { ...base.truth, answers: {} } })).to.satisfy(named('inventory'));
    });
    it('fails on an oversell', () => {
      const base = healthyHistory();
      const oversold = { ...base, reservations: [...base.reservations, { key: 'k2', concertId: 1, quantity: 10, attempts: [{ t: T + 200, status: 201 }] }], truth: { ...base.truth, seats: [{ id: 1, total: 10, available: -2 }], answers: { k1: 201, k2: 201 } } };
      expect(failing(oversold)).to.satisfy(named('inventory'));
    });
    it('resolves a lost answer against the database', () => {
      const base = healthyHistory();
      const unknown = { ...base, reservations: [...base.reservations, { key: 'k3', concertId: 1, quantity: 1, attempts: [{ t: T + 300, status: 0 }, { t: T + 900, status: 503 }] }], truth: { ...base.truth, seats: [{ id: 1, total: 10, available: 7 }], answers: { k1: 201, k3: 201 } } };
      expect(failing(unknown)).not.to.satisfy(named('inventory'));
    });
  });

  describe('errors', () => {
    it('fails on a 500, and on a 503 with no PostgreSQL fault; passes a 503 during a PostgreSQL cut', () => {
      const base = healthyHistory();
      expect(failing({ ...base, httpErrors: [{ t: T, route: 'GET /api/x', status: 500, body: '' }] })).to.satisfy(named('HTTP'));
      expect(failing({ ...base, httpErrors: [{ t: T, route: 'GET /api/x', status: 503, body: '' }] })).to.satisfy(named('HTTP'));
      expect(failing({ ...base, faults: [fault()], httpErrors: [{ t: T, route: 'GET /api/x', status: 503, body: '' }] })).not.to.satisfy(named('HTTP'));
    });
    it('fails on an exit the harness did not cause, and on a SIGTERM that did not end in 0', () => {
      const base = healthyHistory();
      expect(failing({ ...base, instances: [{ t: T, instance: 1, k: 'exit', code: 70, signal: null, expected: false }] })).to.satisfy(named('exits'));
      expect(failing({ ...base, instances: [{ t: T, instance: 1, k: 'exit', code: 1, signal: null, expected: true }] })).to.satisfy(named('exits'));
    });
    it('fails on an unhandled rejection in a log', () => {
      const base = healthyHistory();
      expect(failing({ ...base, errorLines: [{ instance: 0, line: '{"level":60,"msg":"unhandled error: exiting"}' }] })).to.satisfy(named('logs'));
    });
  });

  describe('recovery', () => {
    it('fails when a fault never recovered', () => {
      expect(failing({ ...healthyHistory(), faults: [fault({ kind: 'pause', currentMs: null })] })).to.satisfy(named('recovery'));
    });
    it('fails a Redis cut whose instance was ready only after 0.5 s, or whose staying client re-read a snapshot', () => {
      const late = { ...healthyHistory(), faults: [fault({ kind: 'redis-cut', startAt: T - 9_000, healedAt: T - 8_000, readyMs: 900 })] };
      expect(failing(late)).to.satisfy(named('redis targets'));
      const entries: ClientEntry[] = [...defaultEntries(), { k: 'snapshot', t: T - 3_800, seq: 4, cards: [[1, 1, 'OPEN_SOON_5M', 8]] }];
      const resynced = { ...withClient(healthyHistory(), healthyClient('all-0', entries.sort((a, b) => a.t - b.t))), faults: [fault({ kind: 'redis-cut', startAt: T - 4_000, healedAt: T - 3_500, readyMs: 300 })] };
      expect(check(resynced).checks.find((c) => c.name.includes('redis targets'))?.failures.join()).to.include('re-read 1 snapshot');
      expect(failing(resynced)).to.satisfy(named('redis targets'));
    });
  });
});
