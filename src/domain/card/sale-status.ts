// The sale-status rule: (sale start, seat inventory, server instant) -> what the card shows.
// Pure: the caller passes `now`. Boundaries are exact instants in milliseconds (DOMAIN.md).

export const SALE_STATUSES = [
  'UNSCHEDULED',
  'PREOPEN',
  'OPEN_SOON_1H',
  'OPEN_SOON_5M',
  'OPEN',
  'SOLD_OUT',
] as const;
export type SaleStatus = (typeof SALE_STATUSES)[number];

export const ONE_HOUR_MS = 3_600_000;
export const FIVE_MINUTES_MS = 300_000;

export interface SeatInventory {
  readonly totalSeatCount: number;
  readonly availableSeatCount: number;
}

export interface SaleState {
  readonly saleStatus: SaleStatus;
  readonly saleOpensInSeconds: number | null;
  readonly reservationButtonVisible: boolean;
  readonly reservationButtonEnabled: boolean;
}

/** `openAt` and `now` are epoch milliseconds; `openAt` null means no general sale is scheduled. */
export function decideSaleState(openAt: number | null, seats: SeatInventory, now: number): SaleState {
  if (openAt === null) {
    return closed('UNSCHEDULED', null);
  }
  const remainingMs = openAt - now;
  if (remainingMs > 0) {
    const saleOpensInSeconds = Math.ceil(remainingMs / 1000);
    if (remainingMs > ONE_HOUR_MS) return closed('PREOPEN', saleOpensInSeconds);
    if (remainingMs > FIVE_MINUTES_MS) return closed('OPEN_SOON_1H', saleOpensInSeconds);
    return closed('OPEN_SOON_5M', saleOpensInSeconds);
  }
  if (seats.totalSeatCount === 0) {
    return { saleStatus: 'OPEN', saleOpensInSeconds: 0, reservationButtonVisible: false, reservationButtonEnabled: false };
  }
  if (seats.availableSeatCount === 0) {
    return { saleStatus: 'SOLD_OUT', saleOpensInSeconds: 0, reservationButtonVisible: true, reservationButtonEnabled: false };
  }
  return { saleStatus: 'OPEN', saleOpensInSeconds: 0, reservationButtonVisible: true, reservationButtonEnabled: true };
}

/** Share of seats left, 4 decimals; null when the concert has no seats at all. */
export function remainingRate(seats: SeatInventory): number | null {
  if (seats.totalSeatCount === 0) return null;
  return Math.round((seats.availableSeatCount / seats.totalSeatCount) * 10_000) / 10_000;
}

function closed(saleStatus: SaleStatus, saleOpensInSeconds: number | null): SaleState {
  return { saleStatus, saleOpensInSeconds, reservationButtonVisible: false, reservationButtonEnabled: false };
}
