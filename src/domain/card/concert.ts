// A concert as the card needs it: who plays, who organises, when general sale opens, seats. The
// editable details are listed once here; the stored concert adds its id and live seat count.

export interface ConcertDetails {
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
}

export interface Concert extends ConcertDetails {
  readonly id: number;
  readonly availableSeatCount: number;
}

/** The editable part of a stored concert. */
export function detailsOf(concert: Concert): ConcertDetails {
  const { id: _id, availableSeatCount: _available, ...details } = concert;
  return details;
}

/** The details after `edit`, or null when the edit changes nothing a client could see. */
export function editedDetails(concert: Concert, edit: Partial<ConcertDetails>): ConcertDetails | null {
  const before = detailsOf(concert);
  const after = { ...before, ...edit };
  return (Object.keys(before) as (keyof ConcertDetails)[]).every((key) => before[key] === after[key]) ? null : after;
}

/** Seats already sold: the floor below which the total cannot be lowered. */
export function seatsSold(concert: Concert): number {
  return concert.totalSeatCount - concert.availableSeatCount;
}
