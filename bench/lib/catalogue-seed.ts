// Fills a migrated benchmark database with N concerts in two statements (generate_series for the
// concerts, then their card state), not N admin calls. Card states are computed with the domain's
// own rules (decideSaleState, nextTimeBoundary) so the seeded catalogue is what the service would
// have written itself. Sale starts avoid the run's time window, so no boundary fires by accident:
// ~20% unscheduled, ~40% opened in the past (some sold out), ~40% opening in 2..60 days.

import { decideSaleState } from '../../src/domain/card/sale-status.js';
import { nextTimeBoundary } from '../../src/domain/card/time-boundary.js';
import { withClient } from './database.js';

/** Words titles are built from; `tide` is one of them, so keyword=tide finds ~1/16 of them. */
export const TITLE_WORDS = ['Tide', 'Ember', 'Aurora', 'Echo', 'Nova', 'Drift', 'Harbor', 'Pulse', 'Velvet', 'Orbit', 'Prism', 'Summit', 'Lumen', 'Cascade', 'Meadow', 'Zenith'];
export const ARTIST_COUNT = 500;
export const AGENCY_COUNT = 40;

export function artistNameOf(n: number): string {
  return `Artist ${String(n % ARTIST_COUNT).padStart(3, '0')}`;
}

/** Adds `count` concerts (and card states for concerts that have none yet). */
export async function seedCatalogue(databaseUrl: string, count: number, now = Date.now()): Promise<void> {
  await withClient(databaseUrl, async (client) => {
    await client.query('begin');
    await client.query(
      `insert into concert (title, artist_name, artist_display_name, artist_genre, artist_debut_date,
         entertainment_name, entertainment_country_code, entertainment_homepage_url,
         promoter_name, promoter_country_code, promoter_homepage_url, thumbnail_url, youtube_video_url,
         general_sale_start_at, total_seat_count, available_seat_count)
       select
         ($2::text[])[1 + (n % 16)] || ' ' || ($2::text[])[1 + ((n / 16) % 16)] || ' Live ' || n,
         'Artist ' || lpad((n % ${ARTIST_COUNT})::text, 3, '0'),
         'The Artist ' || (n % ${ARTIST_COUNT}),
         (array['Rock','Pop','Jazz','Indie','Classical'])[1 + (n % 5)],
         date '2001-01-01' + (n % 7000),
         'Agency ' || (n % ${AGENCY_COUNT}),
         (array['KR','JP','US','GB','DE'])[1 + (n % 5)],
         'https://agency' || (n % ${AGENCY_COUNT}) || '.example',
         'Promoter ' || (n % 25),
         'KR',
         'https://promoter' || (n % 25) || '.example',
         'https://img.example/concerts/' || n || '.jpg',
         case when n % 3 = 0 then 'https://video.example/watch?v=' || n end,
         case
           when n % 5 = 0 then null
           when n % 5 in (1, 2) then to_timestamp($1::double precision / 1000) - ((1 + n % 30) || ' days')::interval
           else to_timestamp($1::double precision / 1000) + ((2 + n % 58) || ' days')::interval
         end,
         1000,
         case when n % 10 = 1 then 0 else 1000 - (n % 900) end
       from generate_series(1, $3::int) as n`,
      [now, TITLE_WORDS, count],
    );
    const rows = await client.query<{ id: string; open_at: string | null; total: number; available: number }>(
      `select c.id, (extract(epoch from c.general_sale_start_at) * 1000)::bigint as open_at,
              c.total_seat_count as total, c.available_seat_count as available
       from concert c left join concert_card_state s on s.concert_id = c.id where s.concert_id is null`,
    );
    const ids: string[] = [];
    const statuses: string[] = [];
    const seats: number[] = [];
    const boundaries: (string | null)[] = [];
    for (const row of rows.rows) {
      const openAt = row.open_at === null ? null : Number(row.open_at);
      const sale = decideSaleState(openAt, { totalSeatCount: row.total, availableSeatCount: row.available }, now);
      const boundary = nextTimeBoundary(openAt, now);
      ids.push(row.id);
      statuses.push(sale.saleStatus);
      seats.push(row.available);
      boundaries.push(boundary === null ? null : new Date(boundary).toISOString());
    }
    await client.query(
      `insert into concert_card_state (concert_id, version, published_status, published_available_seat_count, next_boundary_at)
       select * from unnest($1::bigint[], array_fill(1, array[cardinality($1::bigint[])]), $2::text[], $3::int[], $4::timestamptz[])`,
      [ids, statuses, seats, boundaries],
    );
    await client.query('commit');
    await client.query('analyze');
  });
}
