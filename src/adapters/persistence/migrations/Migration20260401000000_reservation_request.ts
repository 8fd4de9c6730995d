// Answers to reservation requests under their Idempotency-Key (issue 13.4). A row is inserted when
// a transaction claims the key (expiring at once) and filled in by the same transaction with the
// answer and its real expiry, so a row without an answer is never visible to another transaction. No foreign key to the concert: the
// answer outlives a deleted concert for as long as it is kept.

import { Migration } from '@mikro-orm/migrations';

export class Migration20260401000000ReservationRequest extends Migration {
  override name = 'Migration20260401000000_reservation_request';

  override up(): void {
    this.addSql(`create table reservation_request (
      key text primary key,
      fingerprint text null,
      concert_id bigint null,
      outcome jsonb null,
      expires_at timestamptz not null
    )`);
    this.addSql('create index reservation_request_expiry on reservation_request (expires_at)');
  }

  override down(): void {
    this.addSql('drop table if exists reservation_request');
  }
}
