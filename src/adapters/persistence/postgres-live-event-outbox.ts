// The outbox ports on PostgreSQL (append, unsent, history, retention, stream head), plus the
// backlog the metrics read: `live_event.seq` (a bigserial) is the stream sequence, and
// `stream_epoch` the history it belongs to (renewed when the table is truncated).
//
// Reading history after seq S is definitive for every seq below the highest committed one: appends
// commit in seq order (below), so once a seq is visible every lower seq has committed or never will.
//
// Appends take a transaction-scoped advisory lock before drawing their seq, so they commit in seq
// order: a sequence alone hands out numbers at insert time, and a transaction that drew 5 could
// commit after one that drew 6 — a client holding 6 would then drop 5 as old. The lock is held
// from the append (the last step of a publishing transaction) to its commit, which is short.

import type { ConcertCard } from '../../domain/card/card.js';
import type { CatalogueChange } from '../../domain/card/catalogue-change.js';
import type { LiveEventReason } from '../../domain/realtime/realtime-mode.js';
import type {
  ChangeHistory,
  HeadPosition,
  LiveChange,
  OutboxAppend,
  OutboxRetention,
  RecordedLiveChange,
  StreamHead,
  UnsentChanges,
} from '../../application/ports/outbound/outbox.js';
import { epochMs, instantParam, type SqlRunner } from './sql-runner.js';

/** Advisory lock key serialising appends (any constant unique to this purpose). */
const APPEND_LOCK_KEY = 7_342_001;

interface LiveEventRow {
  seq: string;
  reason: string;
  items: ConcertCard[];
  removed_ids: number[];
  boundary_at: number | null;
  recorded_at: number;
  catalogue: CatalogueChange | null;
}

const LIVE_EVENT_COLUMNS = `seq, reason, items, removed_ids, ${epochMs('boundary_at')} as boundary_at, ${epochMs('recorded_at')} as recorded_at, catalogue`;

export class PostgresLiveEventOutbox implements OutboxAppend, UnsentChanges, ChangeHistory, OutboxRetention, StreamHead {
  constructor(
    private readonly sql: SqlRunner,
    private readonly reads: SqlRunner = sql,
  ) {}

  async append(change: LiveChange, recordedAt: number): Promise<RecordedLiveChange> {
    const row = await this.sql.one<{ seq: string }>(
      `with append_lock as (select pg_advisory_xact_lock(${APPEND_LOCK_KEY}))
       insert into live_event (reason, items, removed_ids, boundary_at, recorded_at, catalogue)
       select ?, ?::jsonb, ?::jsonb, ?::timestamptz, ?::timestamptz, ?::jsonb from append_lock
       returning seq`,
      [
        change.reason,
        JSON.stringify(change.items),
        JSON.stringify(change.removedIds),
        instantParam(change.boundaryAt),
        instantParam(recordedAt),
        change.catalogue === null ? null : JSON.stringify(change.catalogue),
      ],
    );
    if (!row) throw new Error('live_event insert returned no seq');
    return { ...change, seq: Number(row.seq), recordedAt };
  }

  async markSent(seq: number, sentAt: number): Promise<void> {
    await this.sql.affected('update live_event set sent_at = ?::timestamptz where seq = ? and sent_at is null', [instantParam(sentAt), seq]);
  }

  async findUnsent(instant: number, limit: number): Promise<RecordedLiveChange[]> {
    const rows = await this.reads.all<LiveEventRow>(
      `select ${LIVE_EVENT_COLUMNS} from live_event
       where sent_at is null and recorded_at <= ?::timestamptz
       order by seq limit ?`,
      [instantParam(instant), limit],
    );
    return rows.map(toRecordedChange);
  }

  async pruneSent(instant: number, limit: number): Promise<number> {
    return this.sql.affected(
      `delete from live_event where seq in (
         select seq from live_event
         where sent_at is not null and recorded_at < ?::timestamptz and seq < (select max(seq) from live_event)
         order by seq limit ?)`,
      [instantParam(instant), limit],
    );
  }

  async readAfter(afterSeq: number, limit: number): Promise<{ changes: RecordedLiveChange[]; floorSeq: number }> {
    const rows = await this.reads.all<LiveEventRow>(`select ${LIVE_EVENT_COLUMNS} from live_event where seq > ? order by seq limit ?`, [afterSeq, limit]);
    const floor = await this.reads.one<{ floor: string }>('select coalesce(min(seq), 0) as floor from live_event');
    return { changes: rows.map(toRecordedChange), floorSeq: Number(floor?.floor ?? 0) };
  }

  async position(): Promise<HeadPosition> {
    const row = await this.reads.one<{ seq: string; epoch: string }>(
      'select coalesce((select max(seq) from live_event), 0) as seq, (select epoch from stream_epoch where id = 1) as epoch',
    );
    if (!row?.epoch) throw new Error('stream_epoch has no row: the outbox migrations have not run');
    return { seq: Number(row.seq), epoch: row.epoch };
  }

  /** Count and oldest record time of unsent rows (for metrics). */
  async backlog(): Promise<{ readonly count: number; readonly oldestRecordedAt: number | null }> {
    const row = await this.reads.one<{ count: number; oldest: number | null }>(
      `select count(*)::int as count, ${epochMs('min(recorded_at)')} as oldest from live_event where sent_at is null`,
    );
    return { count: row?.count ?? 0, oldestRecordedAt: row?.oldest ?? null };
  }
}

function toRecordedChange(row: LiveEventRow): RecordedLiveChange {
  return {
    seq: Number(row.seq),
    reason: row.reason as LiveEventReason,
    items: row.items,
    removedIds: row.removed_ids,
    boundaryAt: row.boundary_at,
    recordedAt: row.recorded_at,
    catalogue: row.catalogue,
  };
}
