// Countdowns from the server's clock: time left until a sale opens, stepped on whole server
// seconds, so every screen shows the same digits and changes them together whatever its own clock
// says. Seconds are rounded up like the server's saleOpensInSeconds: "00:00:01" until the instant.

import type { CardJson } from './wire.js';

const SECOND_MS = 1_000;
const DAY_SECONDS = 86_400;

/** `HH:MM:SS`, or `Nd HH:MM:SS` from one day on; never negative. */
export function formatCountdown(remainingMs: number): string {
  const total = Math.max(0, Math.ceil(remainingMs / SECOND_MS));
  const days = Math.floor(total / DAY_SECONDS);
  const rest = total % DAY_SECONDS;
  const clock = [Math.floor(rest / 3_600), Math.floor((rest % 3_600) / 60), rest % 60]
    .map((part) => String(part).padStart(2, '0'))
    .join(':');
  return days > 0 ? `${days}d ${clock}` : clock;
}

/** The server instant at or before `serverNowMs` that is a whole multiple of `stepMs` (default: the whole second). */
export function serverSecondOf(serverNowMs: number, stepMs = SECOND_MS): number {
  return Math.floor(serverNowMs / stepMs) * stepMs;
}

/** The next whole multiple of `stepMs` strictly after `serverNowMs`. */
export function nextServerSecond(serverNowMs: number, stepMs = SECOND_MS): number {
  return serverSecondOf(serverNowMs, stepMs) + stepMs;
}

/** Countdown text for a sale opening at `openAtMs`, shown during the server second `secondMs`. */
export function countdownAt(openAtMs: number, secondMs: number): string {
  return formatCountdown(openAtMs - secondMs);
}

export interface SaleCountdown {
  /** Whole seconds until the sale opens by the server's clock (ceil, never below 0); null when unscheduled. */
  readonly secondsLeft: number | null;
  /** `HH:MM:SS` (or `Nd HH:MM:SS`) while the server's card says the sale is ahead; null otherwise. */
  readonly text: string | null;
}

/**
 * The countdown of `card` at the server instant `serverNowMs` (from `serverNow()`). The digits
 * follow the clock, the status follows the server: a card still `OPEN_SOON_5M` at its instant
 * shows `00:00:00` until the server's `OPEN` arrives, never a status of its own making.
 */
export function saleCountdown(card: Pick<CardJson, 'saleOpensAt' | 'saleStatus'>, serverNowMs: number): SaleCountdown {
  if (card.saleOpensAt === null) return { secondsLeft: null, text: null };
  const openAt = Date.parse(card.saleOpensAt);
  const secondsLeft = Math.max(0, Math.ceil((openAt - serverNowMs) / SECOND_MS));
  const ahead = card.saleStatus === 'PREOPEN' || card.saleStatus === 'OPEN_SOON_1H' || card.saleStatus === 'OPEN_SOON_5M';
  return { secondsLeft, text: ahead ? countdownAt(openAt, serverSecondOf(serverNowMs)) : null };
}
