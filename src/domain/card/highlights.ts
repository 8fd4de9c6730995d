// Highlight rules for the page header: sales opening soon, and open sales at risk of selling out.

export const OPENING_SOON_WINDOW_MS = 12 * 3_600_000;

/** An open sale is at sell-out risk with at most this many seats, or at most this share, left. */
export const SELL_OUT_RISK = { maxSeats: 30, maxRate: 0.18 } as const;

export const HIGHLIGHT_LIMIT = { min: 1, max: 20, default: 3 } as const;
