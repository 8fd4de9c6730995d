// A concert as the card needs it: who plays, who organises, when general sale opens, seats.

export interface Concert {
  readonly id: number;
  readonly title: string;
  readonly artistName: string;
  readonly artistDisplayName: string | null;
  readonly artistGenre: string | null;
  /** Calendar date `YYYY-MM-DD`. */
  readonly artistDebutDate: string | null;
  readonly entertainmentName: string | null;
  readonly entertainmentCountryCode: string | null;
  readonly entertainmentHomepageUrl: string | null;
  readonly promoterName: string | null;
  readonly promoterCountryCode: string | null;
  readonly promoterHomepageUrl: string | null;
  readonly thumbnailUrl: string | null;
  readonly youtubeVideoUrl: string | null;
  /** General sale start, epoch milliseconds (a UTC instant); null when unscheduled. */
  readonly generalSaleStartAt: number | null;
  readonly totalSeatCount: number;
  readonly availableSeatCount: number;
}

/** The editable part of a concert: everything but its id and the live seat count. */
export type ConcertDetails = Omit<Concert, 'id' | 'availableSeatCount'>;
