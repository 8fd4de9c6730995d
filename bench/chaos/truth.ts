// What PostgreSQL says, read on the harness's own connection (never through a fault proxy): the
// outbox's sale-status transitions, tailed through the run (the reconcile job prunes old rows), and
// after the settle the published cards, the seats and the answers kept under Idempotency-Keys.

import type pg from 'pg';
import type { CardFacts, Truth } from './history.js';

const BEFORE: Readonly<Record<string, number>> = { OPEN_SOON_1H: 3_600_000, OPEN_SOON_5M: 300_000, OPEN: 0, SOLD_OUT: 0 };

interface StoredCard {
  readonly id: number;
  readonly version: number;
  readonly saleStatus: string;
  readonly saleOpensAt: string | null;
}

/** [seq, card id, version, status, boundary instant, recorded at]. */
export type Transition = readonly [number, number, number, string, number, number];

/**
 * Tails the outbox through the run (call read() every second or so). A transition row is a
 * boundary when it moves the card's status; a transition row that changes neither status nor
 * seats of the card is a repeat (published twice).
 */
export class OutboxTail {
  readonly transitions: Transition[] = [];
  readonly repeats: Transition[] = [];
  private after = 0;
  private readonly last = new Map<number, { status: string; seats: number }>();

  constructor(private readonly db: pg.Client) {}

  async read(): Promise<void> {
    const rows = await this.db.query<{ seq: string; reason: string; recorded: string; items: (StoredCard & { availableSeatCount: number })[] }>(
      'select seq, reason, (extract(epoch from recorded_at) * 1000)::bigint as recorded, items from live_event where seq > $1 order by seq',
      [this.after],
    );
    for (const row of rows.rows) {
      const seq = Number(row.seq);
      this.after = Math.max(this.after, seq);
      for (const card of row.items) {
        const id = Number(card.id);
        const before = this.last.get(id);
        this.last.set(id, { status: card.saleStatus, seats: card.availableSeatCount });
        if (row.reason !== 'SALE_STATUS_TRANSITION') continue;
        const lead = BEFORE[card.saleStatus];
        const instant = lead === undefined || card.saleOpensAt === null ? Number.NaN : Date.parse(card.saleOpensAt) - lead;
        const transition: Transition = [seq, id, card.version, card.saleStatus, instant, Number(row.recorded)];
        if (!before || before.status !== card.saleStatus) {
          if (!Number.isNaN(instant)) this.transitions.push(transition);
        } else if (before.seats === card.availableSeatCount) this.repeats.push(transition);
      }
    }
  }
}

export async function readTruth(db: pg.Client, tail: OutboxTail, removed: Truth['seats'], views: Truth['views']): Promise<Truth> {
  await tail.read();
  const cards = await db.query<{ id: string; version: number; published_status: string; published_available_seat_count: number; total_seat_count: number; available_seat_count: number }>(
    'select c.id, s.version, s.published_status, s.published_available_seat_count, c.total_seat_count, c.available_seat_count from concert c join concert_card_state s on s.concert_id = c.id order by c.id',
  );
  const answers = await db.query<{ key: string; outcome: { kind: string } }>('select key, outcome from reservation_request where outcome is not null');
  const head = await db.query<{ head: string | null }>('select max(seq) as head from live_event');
  return {
    readAt: Date.now(),
    cards: cards.rows.map((r): CardFacts => [Number(r.id), r.version, r.published_status, r.published_available_seat_count]),
    seats: [...removed, ...cards.rows.map((r) => ({ id: Number(r.id), total: r.total_seat_count, available: r.available_seat_count }))],
    answers: Object.fromEntries(answers.rows.map((r) => [r.key, r.outcome.kind === 'reserved' ? 201 : 409])),
    transitions: tail.transitions,
    repeats: tail.repeats,
    headSeq: Number(head.rows[0]?.head ?? 0),
    views,
  };
}
