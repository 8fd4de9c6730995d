// The safety net, run every few seconds by one instance: re-send outbox rows that were committed
// but never marked sent (an instance died between commit and emit), publish boundaries that passed
// without a wake-up (missed or lost job), and publish seat changes whose coalescing flush was lost.
// It also trims the outbox: a sent row older than the retention is of no use to anyone (a client
// that misses events re-reads the snapshot, never the outbox), so the table does not grow forever.

import type { Clock } from '../ports/clock.js';
import type { CardsDue } from '../ports/outbound/cards-due.js';
import type { OutboxRetention, UnsentChanges } from '../ports/outbound/outbox.js';
import type { CardPublication } from '../publication/card-publication.js';
import type { LiveDelivery } from '../publication/live-delivery.js';

export interface ReconcileTiming {
  /** An unsent row younger than this is still its committing instance's to send. */
  readonly unsentGraceMs: number;
  /** A boundary passed less than this ago is still its wake-up's to publish. */
  readonly boundaryGraceMs: number;
  /** A seat change younger than this is still inside its coalescing window. */
  readonly inventoryGraceMs: number;
  /** Sent outbox rows older than this are deleted (a batch per run). */
  readonly outboxRetentionMs: number;
}

export interface ReconcileReport {
  readonly resent: number;
  readonly latePublished: number;
  readonly inventoryRepublished: number;
  readonly pruned: number;
}

const BATCH = 500;
/** Rows pruned per run: at one run every 2 s, far above what a busy deployment appends. */
const PRUNE_BATCH = 5_000;

export class ReconcileLiveStream {
  constructor(
    private readonly unsent: UnsentChanges,
    private readonly cardsDue: CardsDue,
    private readonly retention: OutboxRetention,
    private readonly publication: Pick<CardPublication, 'publish' | 'publishDueBoundaries'>,
    private readonly delivery: Pick<LiveDelivery, 'send'>,
    private readonly clock: Clock,
    private readonly timing: ReconcileTiming,
  ) {}

  async execute(): Promise<ReconcileReport> {
    const now = this.clock.now();
    let resent = 0;
    for (const change of await this.unsent.findUnsent(now - this.timing.unsentGraceMs, BATCH)) {
      if (await this.delivery.send(change, true)) resent += 1;
    }
    const latePublished = await this.publication.publishDueBoundaries(now - this.timing.boundaryGraceMs, null);
    const drifted = await this.cardsDue.inventoryDrift(now - this.timing.inventoryGraceMs, BATCH);
    const inventory = drifted.length === 0 ? null : await this.publication.publish({ reason: 'INVENTORY_CHANGED', concertIds: drifted });
    const pruned = await this.retention.pruneSent(now - this.timing.outboxRetentionMs, PRUNE_BATCH);
    return { resent, latePublished, inventoryRepublished: inventory?.change?.items.length ?? 0, pruned };
  }
}
