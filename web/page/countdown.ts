// The countdown on a card: time left until sale open, read from the server-clock estimate and
// stepped on whole server seconds, so every screen shows the same digits and changes them together.
// Seconds are rounded up like the server's saleOpensInSeconds: "00:00:01" until the very instant.

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

/** The whole server second at or before `serverNowMs`. */
export function serverSecondOf(serverNowMs: number): number {
  return Math.floor(serverNowMs / SECOND_MS) * SECOND_MS;
}

/** The next whole server second strictly after `serverNowMs`. */
export function nextServerSecond(serverNowMs: number): number {
  return serverSecondOf(serverNowMs) + SECOND_MS;
}

/** Countdown text for a sale opening at `openAtMs`, shown during the server second `secondMs`. */
export function countdownAt(openAtMs: number, secondMs: number): string {
  return formatCountdown(openAtMs - secondMs);
}
