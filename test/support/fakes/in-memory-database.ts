// An in-memory fake of every persistence port (test/ports proves it against the same contract
// suites as the PostgreSQL adapter), for fast tests of the application with no database. Its
// transactions behave like PostgreSQL's READ COMMITTED (fake-tables.ts), so the publication
// engine's locking discipline matters here as it does on the real database.

import type { PublishedCardState } from '../../../src/domain/card/card-state.js';
import type { Concert, ConcertDetails } from '../../../src/domain/card/concert.js';
import type { RealtimeSettings } from '../../../src/domain/realtime/realtime-mode.js';
import type { RealtimeSettingsRecord } from '../../../src/domain/realtime/realtime-rollout.js';
import type { ConcertSearchQuery } from '../../../src/domain/card/card-query.js';
import type { CardsDue } from '../../../src/application/ports/outbound/cards-due.js';
import type { ConcertCatalogue } from '../../../src/application/ports/outbound/concert-catalogue.js';
import type { ConcertSearch, ConcertSearchPage } from '../../../src/application/ports/outbound/concert-search.js';
import type { HighlightCandidates, SellOutRiskQuery } from '../../../src/application/ports/outbound/highlight-candidates.js';
import type { ChangeHistory, LiveChange, OutboxAppend, OutboxRetention, RecordedLiveChange, StreamHead, UnsentChanges } from '../../../src/application/ports/outbound/outbox.js';
import type { PublicationStores, PublicationTransactions } from '../../../src/application/ports/outbound/publication-transactions.js';
import type { PublishedCardStates } from '../../../src/application/ports/outbound/published-card-states.js';
import type { RealtimeSettingsStore, RealtimeSettingsWrite } from '../../../src/application/ports/outbound/realtime-settings-store.js';
import type { ReservationRequestRetention, ReservationRequests } from '../../../src/application/ports/outbound/reservation-requests.js';
import type { ReservationStores, ReservationTransactions } from '../../../src/application/ports/outbound/reservation-transactions.js';
import type { SeatInventory } from '../../../src/application/ports/outbound/seat-inventory.js';
import type { StoredConcert, StoredConcerts } from '../../../src/application/ports/outbound/stored-concerts.js';
import { FakeTable, FakeTransaction, FakeTransactionLock } from './fake-tables.js';
import { compareSearchRows, matchesSearch } from './fake-search.js';
import { fakeRealtimeSettings, fakeReservationRequests, type RequestRow } from './fake-side-stores.js';

interface ConcertRow {
  readonly concert: Concert;
  /** The application instant of the last write (the drift check reads it). */
  readonly updatedAt: number;
}

interface EventRow {
  readonly change: RecordedLiveChange;
  readonly sentAt: number | null;
}

/** Everything a test (or the contract suites) binds in place of the PostgreSQL adapter. */
export interface FakeStores {
  readonly concerts: StoredConcerts & ConcertSearch & HighlightCandidates;
  readonly catalogue: ConcertCatalogue & SeatInventory;
  readonly cardStates: PublishedCardStates & CardsDue;
  readonly outbox: OutboxAppend & UnsentChanges & ChangeHistory & OutboxRetention & StreamHead;
  readonly settings: RealtimeSettingsStore & RealtimeSettingsWrite;
  readonly requests: ReservationRequests & ReservationRequestRetention;
}

export class InMemoryDatabase {
  readonly concertRows = new FakeTable<number, ConcertRow>();
  readonly cardStateRows = new FakeTable<number, PublishedCardState>();
  readonly eventRows = new FakeTable<number, EventRow>();
  readonly settingsRow = new FakeTable<'settings', RealtimeSettingsRecord>();
  readonly requestRows = new FakeTable<string, RequestRow>();
  private readonly appendLock = new FakeTransactionLock();
  private lastConcertId = 0;
  private lastSeq = 0;
  private epoch = 'fake-epoch-1';
  private epochs = 1;
  /** Transactions run so far (tests assert "no database work" with it). */
  transactionsRun = 0;

  /** Each call its own statement, outside any transaction. */
  readonly stores: FakeStores = this.storesIn(null);

  readonly transactions: PublicationTransactions = {
    run: <T>(work: (stores: PublicationStores) => Promise<T>): Promise<T> => this.inTransaction((tx) => work(this.storesIn(tx))),
  };

  readonly reservations: ReservationTransactions = {
    run: <T>(work: (stores: ReservationStores) => Promise<T>): Promise<T> =>
      this.inTransaction((tx) => {
        const stores = this.storesIn(tx);
        return work({ concerts: stores.concerts, inventory: stores.catalogue, requests: stores.requests });
      }),
  };

  private async inTransaction<T>(work: (tx: FakeTransaction) => Promise<T>): Promise<T> {
    const tx = new FakeTransaction();
    this.transactionsRun += 1;
    try {
      const result = await work(tx);
      tx.commit();
      return result;
    } catch (error) {
      tx.rollback();
      throw error;
    }
  }

  /** Seeds the settings once, as the adapter's `ensureRealtimeSettings` does; returns what is stored. */
  async ensureRealtimeSettings(defaults: RealtimeSettings, now = 0): Promise<RealtimeSettings> {
    if (!this.settingsRow.get(null, 'settings')) this.settingsRow.put(null, 'settings', { settings: defaults, source: 'configuration', changedAt: now, configured: defaults });
    return this.stores.settings.get();
  }

  /** Empties the outbox as TRUNCATE does, which renews the stream's epoch (sequences go on). */
  truncateOutbox(): void {
    for (const row of this.eventRows.all(null)) this.eventRows.put(null, row.change.seq, undefined);
    this.epochs += 1;
    this.epoch = `fake-epoch-${this.epochs}`;
  }

  /** How many transactions wait for a row lock right now (pg_stat_activity's "waiting on a lock"). */
  lockWaits(): number {
    return this.concertRows.waiting + this.cardStateRows.waiting + this.eventRows.waiting;
  }

  /** Unsent outbox rows and the oldest one's record time (the metrics' backlog). */
  backlog(): { count: number; oldestRecordedAt: number | null } {
    const unsent = this.eventRows.all(null).filter((row) => row.sentAt === null);
    return { count: unsent.length, oldestRecordedAt: unsent.length === 0 ? null : Math.min(...unsent.map((row) => row.change.recordedAt)) };
  }

  private storesIn(tx: FakeTransaction | null): FakeStores & PublicationStores {
    const concerts = this.concertReads(tx);
    return {
      concerts,
      catalogue: this.concertWrites(tx),
      cardStates: this.cardStates(tx),
      outbox: this.outbox(tx),
      settings: fakeRealtimeSettings(this.settingsRow, tx),
      requests: fakeReservationRequests(this.requestRows, tx),
    };
  }

  private stored(tx: FakeTransaction | null): StoredConcert[] {
    return this.concertRows
      .all(tx)
      .flatMap(({ concert }) => {
        const state = this.cardStateRows.get(tx, concert.id);
        return state ? [{ concert, state }] : [];
      })
      .sort((a, b) => a.concert.id - b.concert.id);
  }

  private concertReads(tx: FakeTransaction | null): FakeStores['concerts'] {
    return {
      findByIds: async (ids) => {
        const wanted = new Set(ids);
        return this.stored(tx).filter(({ concert }) => wanted.has(concert.id));
      },
      search: async (query: ConcertSearchQuery, now: number): Promise<ConcertSearchPage> => {
        const matching = this.stored(tx).filter(({ concert }) => matchesSearch(concert, query, now));
        matching.sort((a, b) => compareSearchRows(a.concert, b.concert, query.sort));
        const offset = query.page * query.size;
        return { rows: matching.slice(offset, offset + query.size), totalElements: matching.length };
      },
      openingBetween: async (from, to, limit) =>
        this.stored(tx)
          .filter(({ concert: c }) => c.generalSaleStartAt !== null && c.generalSaleStartAt > from && c.generalSaleStartAt <= to)
          .sort((a, b) => (a.concert.generalSaleStartAt as number) - (b.concert.generalSaleStartAt as number) || a.concert.id - b.concert.id)
          .slice(0, limit),
      sellOutRisk: async (query: SellOutRiskQuery) => {
        const rate = (c: Concert) => c.availableSeatCount / c.totalSeatCount;
        return this.stored(tx)
          .filter(({ concert: c }) => c.generalSaleStartAt !== null && c.generalSaleStartAt <= query.openAt && c.availableSeatCount > 0)
          .filter(({ concert: c }) => query.threshold === null || c.availableSeatCount <= query.threshold.maxSeats || rate(c) <= query.threshold.maxRate)
          .sort((a, b) => a.concert.availableSeatCount - b.concert.availableSeatCount || rate(a.concert) - rate(b.concert) || a.concert.id - b.concert.id)
          .slice(0, query.limit);
      },
    };
  }

  private concertWrites(tx: FakeTransaction | null): FakeStores['catalogue'] {
    const rows = this.concertRows;
    return {
      insert: async (details: ConcertDetails, now) => {
        this.lastConcertId += 1;
        const concert: Concert = { ...details, id: this.lastConcertId, availableSeatCount: details.totalSeatCount };
        rows.put(tx, concert.id, { concert, updatedAt: now });
        return concert;
      },
      update: (id, details, now) =>
        rows.withRowLock(tx, id, (row) => {
          if (!row) return null;
          const sold = row.concert.totalSeatCount - row.concert.availableSeatCount;
          if (details.totalSeatCount < sold) return null;
          const concert: Concert = { ...details, id, availableSeatCount: details.totalSeatCount - sold };
          rows.put(tx, id, { concert, updatedAt: now });
          return concert;
        }),
      delete: (id) =>
        rows.withRowLock(tx, id, (row) => {
          if (!row) return false;
          rows.put(tx, id, undefined);
          this.cardStateRows.put(tx, id, undefined); // on delete cascade
          return true;
        }),
      takeSeats: (id, quantity, now) =>
        rows.withRowLock(tx, id, (row) => {
          const c = row?.concert;
          if (!c || c.availableSeatCount < quantity || c.generalSaleStartAt === null || c.generalSaleStartAt > now) return null;
          const concert: Concert = { ...c, availableSeatCount: c.availableSeatCount - quantity };
          rows.put(tx, id, { concert, updatedAt: now });
          return concert;
        }),
    };
  }

  private cardStates(tx: FakeTransaction | null): FakeStores['cardStates'] {
    const rows = this.cardStateRows;
    return {
      lock: async (ids) => {
        if (!tx) throw new Error('lock() outside a transaction');
        const existing = [...new Set(ids)].sort((a, b) => a - b).filter((id) => rows.get(tx, id) !== undefined);
        await rows.lockRows(tx, existing);
      },
      create: async (state) => {
        if (rows.get(tx, state.concertId)) throw new Error(`duplicate card state for concert ${state.concertId}`);
        if (!this.concertRows.get(tx, state.concertId)) throw new Error(`card state for missing concert ${state.concertId}`);
        rows.put(tx, state.concertId, state);
      },
      compareAndSet: (expectedVersion, next) =>
        rows.withRowLock(tx, next.concertId, (row) => {
          if (!row || row.version !== expectedVersion) return false;
          rows.put(tx, next.concertId, next);
          return true;
        }),
      boundaryDue: async (instant, limit) =>
        rows
          .all(tx)
          .filter((state) => state.nextBoundaryAt !== null && state.nextBoundaryAt <= instant)
          .sort((a, b) => (a.nextBoundaryAt as number) - (b.nextBoundaryAt as number) || a.concertId - b.concertId)
          .slice(0, limit)
          .map((state) => state.concertId),
      inventoryDrift: async (instant, limit) =>
        this.concertRows
          .all(tx)
          .filter(({ concert, updatedAt }) => {
            const state = rows.get(tx, concert.id);
            return state !== undefined && concert.availableSeatCount !== state.publishedAvailableSeatCount && updatedAt <= instant;
          })
          .sort((a, b) => a.updatedAt - b.updatedAt || a.concert.id - b.concert.id)
          .slice(0, limit)
          .map(({ concert }) => concert.id),
    };
  }

  private outbox(tx: FakeTransaction | null): FakeStores['outbox'] {
    const rows = this.eventRows;
    const committedSeqs = () => rows.all(null).map((row) => row.change.seq);
    return {
      append: async (change: LiveChange, recordedAt) => {
        if (tx) await this.appendLock.take(tx);
        this.lastSeq += 1; // like a sequence: never handed out twice, never rolled back
        const recorded: RecordedLiveChange = { ...change, seq: this.lastSeq, recordedAt };
        rows.put(tx, recorded.seq, { change: recorded, sentAt: null });
        return recorded;
      },
      markSent: async (seq, sentAt) => {
        await rows.withRowLock(tx, seq, (row) => {
          if (row && row.sentAt === null) rows.put(tx, seq, { ...row, sentAt });
        });
      },
      findUnsent: async (instant, limit) =>
        rows
          .all(tx)
          .filter((row) => row.sentAt === null && row.change.recordedAt <= instant)
          .sort((a, b) => a.change.seq - b.change.seq)
          .slice(0, limit)
          .map((row) => row.change),
      pruneSent: async (instant, limit) => {
        const head = Math.max(0, ...committedSeqs());
        const doomed = rows
          .all(tx)
          .filter((row) => row.sentAt !== null && row.change.recordedAt < instant && row.change.seq < head)
          .sort((a, b) => a.change.seq - b.change.seq)
          .slice(0, limit);
        for (const row of doomed) rows.put(tx, row.change.seq, undefined);
        return doomed.length;
      },
      readAfter: async (afterSeq, limit) => {
        const committed = rows.all(tx).map((row) => row.change);
        const changes = committed.filter((change) => change.seq > afterSeq).sort((a, b) => a.seq - b.seq).slice(0, limit);
        return { changes, floorSeq: committed.length === 0 ? 0 : Math.min(...committed.map((change) => change.seq)) };
      },
      position: async () => ({ seq: Math.max(0, ...rows.all(tx).map((row) => row.change.seq)), epoch: this.epoch }),
    };
  }


}
