// The service card: a concert, its card version and the sale state at a server instant.

import type { Concert } from './concert.js';
import { decideSaleState, remainingRate, type SaleStatus } from './sale-status.js';

export interface ConcertCard {
  readonly id: number;
  readonly title: string;
  readonly artistName: string;
  readonly artistDisplayName: string | null;
  readonly artistGenre: string | null;
  readonly artistDebutDate: string | null;
  readonly entertainmentName: string | null;
  readonly entertainmentCountryCode: string | null;
  readonly entertainmentHomepageUrl: string | null;
  readonly promoterName: string | null;
  readonly promoterCountryCode: string | null;
  readonly promoterHomepageUrl: string | null;
  readonly thumbnailUrl: string | null;
  readonly youtubeVideoUrl: string | null;
  readonly saleStatus: SaleStatus;
  /** ISO-8601 UTC with milliseconds, null when unscheduled. */
  readonly saleOpensAt: string | null;
  readonly saleOpensInSeconds: number | null;
  readonly reservationButtonVisible: boolean;
  readonly reservationButtonEnabled: boolean;
  readonly availableSeatCount: number;
  readonly totalSeatCount: number;
  readonly remainingRate: number | null;
  readonly version: number;
}

export function buildCard(concert: Concert, version: number, now: number): ConcertCard {
  const sale = decideSaleState(concert.generalSaleStartAt, concert, now);
  return {
    id: concert.id,
    title: concert.title,
    artistName: concert.artistName,
    artistDisplayName: concert.artistDisplayName,
    artistGenre: concert.artistGenre,
    artistDebutDate: concert.artistDebutDate,
    entertainmentName: concert.entertainmentName,
    entertainmentCountryCode: concert.entertainmentCountryCode,
    entertainmentHomepageUrl: concert.entertainmentHomepageUrl,
    promoterName: concert.promoterName,
    promoterCountryCode: concert.promoterCountryCode,
    promoterHomepageUrl: concert.promoterHomepageUrl,
    thumbnailUrl: concert.thumbnailUrl,
    youtubeVideoUrl: concert.youtubeVideoUrl,
    saleStatus: sale.saleStatus,
    saleOpensAt: concert.generalSaleStartAt === null ? null : new Date(concert.generalSaleStartAt).toISOString(),
    saleOpensInSeconds: sale.saleOpensInSeconds,
    reservationButtonVisible: sale.reservationButtonVisible,
    reservationButtonEnabled: sale.reservationButtonEnabled,
    availableSeatCount: concert.availableSeatCount,
    totalSeatCount: concert.totalSeatCount,
    remainingRate: remainingRate(concert),
    version,
  };
}
