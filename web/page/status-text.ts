// Words and colours for a sale status: the badge label, its CSS modifier, and the sentence the
// screen-reader region announces when a card changes status.

import type { SaleStatus } from 'live-cards-client';

const BADGES: Record<SaleStatus, string> = {
  UNSCHEDULED: 'Date TBA',
  PREOPEN: 'Coming soon',
  OPEN_SOON_1H: 'Opens within 1 h',
  OPEN_SOON_5M: 'Opens in minutes',
  OPEN: 'On sale',
  SOLD_OUT: 'Sold out',
};

const ANNOUNCED: Record<SaleStatus, string> = {
  UNSCHEDULED: 'sale date is not announced',
  PREOPEN: 'sale opens later',
  OPEN_SOON_1H: 'sale opens within the hour',
  OPEN_SOON_5M: 'sale opens in under 5 minutes',
  OPEN: 'sale is OPEN',
  SOLD_OUT: 'sale is SOLD OUT',
};

export function statusBadge(status: SaleStatus): string {
  return BADGES[status];
}

/** CSS modifier, e.g. `status--open-soon-5m`. */
export function statusClass(status: SaleStatus): string {
  return `status--${status.toLowerCase().replaceAll('_', '-')}`;
}

/** "Neon Tide — sale is OPEN" */
export function statusAnnouncement(title: string, status: SaleStatus): string {
  return `${title} — ${ANNOUNCED[status]}`;
}

/** Statuses with a sale start still ahead, whose card shows a running countdown. */
export function isCountingDown(status: SaleStatus): boolean {
  return status === 'PREOPEN' || status === 'OPEN_SOON_1H' || status === 'OPEN_SOON_5M';
}
