// The in-memory fake's smaller stores (in-memory-database.ts): reservation answers under their
// Idempotency-Key and the realtime settings record, on the same READ COMMITTED tables.

import type { RealtimeSettingsRecord } from '../../../src/domain/realtime/realtime-rollout.js';
import type { RealtimeSettingsStore, RealtimeSettingsWrite } from '../../../src/application/ports/outbound/realtime-settings-store.js';
import type { AnsweredRequest, ReservationRequestRetention, ReservationRequests } from '../../../src/application/ports/outbound/reservation-requests.js';
import type { FakeTable, FakeTransaction } from './fake-tables.js';

export interface RequestRow {
  readonly answer: AnsweredRequest;
  readonly expiresAt: number;
}

/**
 * A claim inserts the key in PostgreSQL: a second inserter waits on the unique index until the
 * first ends. Here the claim is the key's row lock, held to the end of the transaction; a claim
 * that finds a committed answer waits for no one afterwards, so it lets the lock go at once.
 */
export function fakeReservationRequests(rows: FakeTable<string, RequestRow>, tx: FakeTransaction | null): ReservationRequests & ReservationRequestRetention {
  return {
    claim: async (key, now) => {
      if (!tx) throw new Error('claim() outside a transaction');
      await rows.lockRows(tx, [key]);
      const row = rows.get(tx, key);
      if (row && row.expiresAt > now) {
        rows.unlock(key, tx);
        return row.answer;
      }
      return null;
    },
    record: async (key, answer, expiresAt) => {
      if (!tx) throw new Error('record() outside a transaction');
      rows.put(tx, key, { answer, expiresAt });
    },
    pruneExpired: async (now, limit) => {
      const doomed = rows
        .keysOf(tx)
        .filter((key) => (rows.get(tx, key) as RequestRow).expiresAt <= now)
        .sort((a, b) => (rows.get(tx, a) as RequestRow).expiresAt - (rows.get(tx, b) as RequestRow).expiresAt)
        .slice(0, limit);
      for (const key of doomed) rows.put(tx, key, undefined);
      return doomed.length;
    },
  };
}

export function fakeRealtimeSettings(rows: FakeTable<'settings', RealtimeSettingsRecord>, tx: FakeTransaction | null): RealtimeSettingsStore & RealtimeSettingsWrite {
  const record = () => {
    const stored = rows.get(tx, 'settings');
    if (!stored) throw new Error('no realtime settings stored: call ensureRealtimeSettings() first');
    return stored;
  };
  return {
    get: async () => record().settings,
    record: async () => record(),
    lockRecord: async () => {
      if (!tx) throw new Error('lockRecord() outside a transaction');
      await rows.lockRows(tx, ['settings']);
      return rows.get(tx, 'settings') ?? null;
    },
    write: async (next) => rows.put(tx, 'settings', next),
  };
}
