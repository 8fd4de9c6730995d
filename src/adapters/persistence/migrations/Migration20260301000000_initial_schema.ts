// The initial schema: concerts, per-card published state, the live-event outbox and the shared
// realtime setting, with the indexes search and the live stream rely on. Written by hand, so what
// runs in production is exactly what was reviewed (the ORM never syncs the schema itself).

import { Migration } from '@mikro-orm/migrations';

export class Migration20260301000000InitialSchema extends Migration {
  override name = 'Migration20260301000000_initial_schema';

  override up(): void {
    // Trigram indexes make `%keyword%` searches index-backed.
    this.addSql('create extension if not exists pg_trgm');

    this.addSql(`create table concert (
      id bigserial primary key,
      title text not null,
      artist_name text not null,
      artist_display_name text null,
      artist_genre text null,
      artist_debut_date date null,
      entertainment_name text null,
      entertainment_country_code text null,
      entertainment_homepage_url text null,
      promoter_name text null,
      promoter_country_code text null,
      promoter_homepage_url text null,
      thumbnail_url text null,
      youtube_video_url text null,
      general_sale_start_at timestamptz null,
      total_seat_count integer not null,
      available_seat_count integer not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint concert_seats_within_total check (available_seat_count >= 0 and available_seat_count <= total_seat_count)
    )`);
    // keyword: case-insensitive substring
    this.addSql('create index concert_title_trgm on concert using gin (lower(title) gin_trgm_ops)');
    this.addSql('create index concert_artist_name_trgm on concert using gin (lower(artist_name) gin_trgm_ops)');
    this.addSql('create index concert_entertainment_name_trgm on concert using gin (lower(entertainment_name) gin_trgm_ops)');
    // artistName / entertainmentName: exact, case-insensitive
    this.addSql('create index concert_artist_name_lower on concert (lower(artist_name))');
    this.addSql('create index concert_entertainment_name_lower on concert (lower(entertainment_name))');
    // sorts, `id` as the tiebreak (scanned backwards for desc)
    this.addSql('create index concert_title_sort on concert (title, id)');
    this.addSql('create index concert_artist_name_sort on concert (artist_name, id)');
    this.addSql('create index concert_entertainment_name_sort on concert (entertainment_name, id)');
    this.addSql('create index concert_sale_start_sort on concert (general_sale_start_at, id)');

    this.addSql(`create table concert_card_state (
      concert_id bigint primary key references concert (id) on delete cascade,
      version integer not null,
      published_status text not null,
      published_available_seat_count integer not null,
      next_boundary_at timestamptz null,
      updated_at timestamptz not null default now()
    )`);
    this.addSql('create index concert_card_state_next_boundary on concert_card_state (next_boundary_at) where next_boundary_at is not null');

    this.addSql(`create table live_event (
      seq bigserial primary key,
      reason text not null,
      items jsonb not null,
      removed_ids jsonb not null,
      boundary_at timestamptz null,
      recorded_at timestamptz not null,
      sent_at timestamptz null
    )`);
    this.addSql('create index live_event_unsent on live_event (seq) where sent_at is null');

    this.addSql(`create table realtime_setting (
      id integer primary key,
      mode text not null,
      hybrid_poll_interval_ms integer not null,
      updated_at timestamptz not null default now(),
      constraint realtime_setting_single_row check (id = 1),
      constraint realtime_setting_positive_interval check (hybrid_poll_interval_ms > 0)
    )`);
  }

  override down(): void {
    this.addSql('drop table if exists realtime_setting');
    this.addSql('drop table if exists live_event');
    this.addSql('drop table if exists concert_card_state');
    this.addSql('drop table if exists concert');
  }
}
