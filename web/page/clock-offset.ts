// The header's sentence about the visitor's clock: how far the local clock is from the server's,
// as estimated by the live client. Positive offset = the local clock is ahead.

/** Below this the difference is noise in the estimate, not worth a number. */
export const IN_SYNC_WITHIN_MS = 100;

export function describeClockOffset(offsetMs: number): string {
  if (!Number.isFinite(offsetMs)) return 'clock offset unknown';
  const size = Math.abs(offsetMs);
  if (size < IN_SYNC_WITHIN_MS) return 'your clock is in sync with the server';
  const direction = offsetMs > 0 ? 'ahead of' : 'behind';
  return `your clock is ${formatSpan(size)} ${direction} the server`;
}

function formatSpan(ms: number): string {
  const seconds = ms / 1_000;
  if (seconds < 100) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 120) return `${minutes} min ${Math.round(seconds % 60)} s`;
  const hours = Math.floor(minutes / 60);
  return `${hours} h ${minutes % 60} min`;
}
