// The stream's epoch and the catalogue facts of each change. The epoch names one history of the
// live stream: a seq is comparable only within it. It is drawn when the outbox is created and drawn
// again whenever the outbox is truncated (a reset), so clients holding seqs of the old history are
// told to re-read rather than trusting them (an operator restoring a backup renews it the same
// way: `select stream_epoch_renew()`). `live_event.catalogue` keeps what a change did to the
// catalogue (ids and fields), so a change filled from the outbox or replayed still yields the
// catalogue notice its live emit would have.

import { Migration } from '@mikro-orm/migrations';

export class Migration20261201000000StreamEpoch extends Migration {
  override name = 'Migration20261201000000_stream_epoch';

  override up(): void {
    this.addSql(`create table stream_epoch (
      id integer primary key,
      epoch text not null,
      constraint stream_epoch_single_row check (id = 1)
    )`);
    this.addSql("insert into stream_epoch (id, epoch) values (1, replace(gen_random_uuid()::text, '-', ''))");
    this.addSql(`create function stream_epoch_renew() returns text language sql as $$
      update stream_epoch set epoch = replace(gen_random_uuid()::text, '-', '') where id = 1 returning epoch
    $$`);
    this.addSql(`create function stream_epoch_renew_on_truncate() returns trigger language plpgsql as $$
      begin
        perform stream_epoch_renew();
        return null;
      end $$`);
    this.addSql('create trigger live_event_truncate_renews_epoch after truncate on live_event for each statement execute function stream_epoch_renew_on_truncate()');
    this.addSql('alter table live_event add column catalogue jsonb null');
  }

  override down(): void {
    this.addSql('alter table live_event drop column if exists catalogue');
    this.addSql('drop trigger if exists live_event_truncate_renews_epoch on live_event');
    this.addSql('drop function if exists stream_epoch_renew_on_truncate()');
    this.addSql('drop function if exists stream_epoch_renew()');
    this.addSql('drop table if exists stream_epoch');
  }
}
