// Filtering by sale status (`saleStatus=` on search): the statuses a query asks for, as windows on
// the sale start and the seats at one instant. The status is computed at `now` (sale-status.ts),
// so which concerts a status matches moves with time; these windows are that rule turned around,
// for stores that filter in their own query language. The in-memory fake filters with
// decideSaleState itself, and the ConcertSearch contract suite holds both to the same answers.

import { FIVE_MINUTES_MS, ONE_HOUR_MS, type SaleStatus } from './sale-status.js';

export interface StatusWindow {
  /** false: no general sale scheduled (UNSCHEDULED); the bounds and seats then do not apply. */
  readonly scheduled: boolean;
  /** The sale starts strictly after this instant (epoch ms), when set. */
  readonly opensAfter: number | null;
  /** The sale starts at or before this instant (epoch ms), when set. */
  readonly opensAtOrBefore: number | null;
  /** `left`: seats left, or a concert without seats; `none`: seats, all sold; `any`: either. */
  readonly seats: 'any' | 'left' | 'none';
}

/** The windows of each status at `now`; a concert has status s exactly when it lies in s's window. */
export function statusWindow(status: SaleStatus, now: number): StatusWindow {
  const scheduled = (opensAfter: number | null, opensAtOrBefore: number | null, seats: StatusWindow['seats'] = 'any'): StatusWindow => ({
    scheduled: true,
    opensAfter,
    opensAtOrBefore,
    seats,
  });
  switch (status) {
    case 'UNSCHEDULED':
      return { scheduled: false, opensAfter: null, opensAtOrBefore: null, seats: 'any' };
    case 'PREOPEN':
      return scheduled(now + ONE_HOUR_MS, null);
    case 'OPEN_SOON_1H':
      return scheduled(now + FIVE_MINUTES_MS, now + ONE_HOUR_MS);
    case 'OPEN_SOON_5M':
      return scheduled(now, now + FIVE_MINUTES_MS);
    case 'OPEN':
      return scheduled(null, now, 'left');
    case 'SOLD_OUT':
      return scheduled(null, now, 'none');
  }
}
