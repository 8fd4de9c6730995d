// The `concert` table as MikroORM metadata. Reads and writes go through explicit SQL (see
// concert-rows.ts); the entity names the columns and their types for the ORM and for readers.

import { defineEntity, p } from '@mikro-orm/core';

export const ConcertEntity = defineEntity({
  name: 'ConcertEntity',
  tableName: 'concert',
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    title: p.text(),
    artistName: p.text().fieldName('artist_name'),
    artistDisplayName: p.text().fieldName('artist_display_name').nullable(),
    artistGenre: p.text().fieldName('artist_genre').nullable(),
    artistDebutDate: p.date().fieldName('artist_debut_date').nullable(),
    entertainmentName: p.text().fieldName('entertainment_name').nullable(),
    entertainmentCountryCode: p.text().fieldName('entertainment_country_code').nullable(),
    entertainmentHomepageUrl: p.text().fieldName('entertainment_homepage_url').nullable(),
    promoterName: p.text().fieldName('promoter_name').nullable(),
    promoterCountryCode: p.text().fieldName('promoter_country_code').nullable(),
    promoterHomepageUrl: p.text().fieldName('promoter_homepage_url').nullable(),
    thumbnailUrl: p.text().fieldName('thumbnail_url').nullable(),
    youtubeVideoUrl: p.text().fieldName('youtube_video_url').nullable(),
    generalSaleStartAt: p.datetime().columnType('timestamptz').fieldName('general_sale_start_at').nullable(),
    totalSeatCount: p.integer().fieldName('total_seat_count'),
    availableSeatCount: p.integer().fieldName('available_seat_count'),
    createdAt: p.datetime().columnType('timestamptz').fieldName('created_at').defaultRaw('now()'),
    updatedAt: p.datetime().columnType('timestamptz').fieldName('updated_at').defaultRaw('now()'),
  },
});
