// Keeps the number of concerts in a one-row table, maintained by statement-level triggers, so an
// unfiltered search (the catalogue's first screen, the hottest query) reports its exact total
// without counting every row. Inserts and deletes are admin actions, rare enough to serialise on
// the counter row; seat updates do not touch it.

import { Migration } from '@mikro-orm/migrations';

export class Migration20260301000100ConcertCount extends Migration {
  override name = 'Migration20260301000100_concert_count';

  override up(): void {
    this.addSql(`create table concert_count (
      id integer primary key,
      total bigint not null,
      constraint concert_count_single_row check (id = 1)
    )`);
    this.addSql('insert into concert_count (id, total) select 1, count(*) from concert');
    this.addSql(`create function concert_count_track() returns trigger language plpgsql as $$
      begin
        if tg_op = 'INSERT' then
          update concert_count set total = total + (select count(*) from changed_rows) where id = 1;
        elsif tg_op = 'DELETE' then
          update concert_count set total = total - (select count(*) from changed_rows) where id = 1;
        else
          update concert_count set total = 0 where id = 1;
        end if;
        return null;
      end $$`);
    this.addSql(`create trigger concert_count_on_insert after insert on concert
      referencing new table as changed_rows for each statement execute function concert_count_track()`);
    this.addSql(`create trigger concert_count_on_delete after delete on concert
      referencing old table as changed_rows for each statement execute function concert_count_track()`);
    this.addSql('create trigger concert_count_on_truncate after truncate on concert for each statement execute function concert_count_track()');
  }

  override down(): void {
    this.addSql('drop trigger if exists concert_count_on_truncate on concert');
    this.addSql('drop trigger if exists concert_count_on_delete on concert');
    this.addSql('drop trigger if exists concert_count_on_insert on concert');
    this.addSql('drop function if exists concert_count_track()');
    this.addSql('drop table if exists concert_count');
  }
}
