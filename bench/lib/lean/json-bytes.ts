// Byte-level JSON primitives the lean client shares: where a string ends (escapes honoured), and
// strings decoded once per process (statuses, reasons and event names repeat in every frame).

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** A frame that is not the JSON the scanner expects; the caller falls back to JSON.parse. */
export class FrameShapeError extends Error {}

/** Whether the last string stringEnd() walked held an escape. */
let escaped = false;

export function lastStringEscaped(): boolean {
  return escaped;
}

/** `b[at]` is an opening quote: the index of its closing quote. */
export function stringEnd(b: Buffer, at: number, end = b.length): number {
  let j = at + 1;
  escaped = false;
  while (j < end) {
    const c = b[j];
    if (c === QUOTE) return j;
    if (c === BACKSLASH) {
      escaped = true;
      j += 2;
    } else j += 1;
  }
  throw new FrameShapeError(`unterminated string at byte ${at}`);
}

const interned = new Map<number, string>();
const INTERN_MAX = 4_096;

/**
 * The string of bytes [start, end), shared between messages: statuses, reasons and event names
 * repeat in every frame, so each is decoded once per process instead of once per card.
 */
export function intern(b: Buffer, start: number, end: number): string {
  let h = end - start;
  for (let i = start; i < end; i += 1) h = (Math.imul(h, 31) + (b[i] as number)) | 0;
  const hit = interned.get(h);
  if (hit !== undefined && hit.length === end - start) {
    let same = true;
    for (let i = 0; i < hit.length; i += 1) {
      if (hit.charCodeAt(i) !== b[start + i]) {
        same = false;
        break;
      }
    }
    if (same) return hit;
  }
  const text = b.toString('utf8', start, end);
  if (interned.size < INTERN_MAX) interned.set(h, text);
  return text;
}
