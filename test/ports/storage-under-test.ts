// What every port contract suite runs against: the PostgreSQL adapter on a fresh database, or the
// in-memory fake. Both expose the same stores (one per outbound port group) and transactions.

import type { PublishedCardState } from '../../src/domain/card/card-state.js';
import type { Concert, ConcertDetails } from '../../src/domain/card/concert.js';
import type { RealtimeSettings } from '../../src/domain/realtime/realtime-mode.js';
import type { PublicationTransactions } from '../../src/application/ports/outbound/publication-transactions.js';
import type { ReservationTransactions } from '../../src/application/ports/outbound/reservation-transactions.js';
import { storeConcert as storeOn } from '../support/stored-concert.js';
import type { FakeStores } from '../support/fakes/in-memory-database.js';

export interface StorageUnderTest {
  readonly name: string;
  readonly stores: FakeStores;
  readonly transactions: PublicationTransactions;
  readonly reservations: ReservationTransactions;
  ensureRealtimeSettings(defaults: RealtimeSettings, now?: number): Promise<RealtimeSettings>;
  /** Empties the outbox the way an operator resets it (TRUNCATE). */
  truncateOutbox(): Promise<void>;
  close(): Promise<void>;
}

export type OpenStorage = () => Promise<StorageUnderTest>;

/** A concert and its card state, stored the way a publication stores them (one transaction). */
export function storeConcert(storage: StorageUnderTest, overrides: Partial<ConcertDetails> = {}, state: Partial<Omit<PublishedCardState, 'concertId'>> = {}): Promise<Concert> {
  return storeOn(storage.transactions, overrides, state);
}

/** Runs `suite` with a fresh storage for each of its tests. */
export function eachStorage(open: OpenStorage, suite: (storage: () => StorageUnderTest) => void): void {
  withStorage(open, suite, beforeEach, afterEach);
}

/** Runs `suite` with one storage shared by its tests (for suites that only read a seeded catalogue). */
export function oneStorage(open: OpenStorage, suite: (storage: () => StorageUnderTest) => void): void {
  withStorage(open, suite, before, after);
}

function withStorage(open: OpenStorage, suite: (storage: () => StorageUnderTest) => void, setUp: Mocha.HookFunction, tearDown: Mocha.HookFunction): void {
  let current: StorageUnderTest | null = null;
  setUp(async () => {
    current = await open();
  });
  tearDown(async () => {
    await current?.close();
    current = null;
  });
  suite(() => {
    if (!current) throw new Error('no storage open');
    return current;
  });
}
