// Reads the measured fields of a live payload (live-message.ts) straight from the frame's bytes:
// no UTF-8 decode of the frame, no object tree. That is most of what makes the lean client cheap:
// socket.io-client turns every frame into a string, JSON.parses all ~25 fields of every card and
// walks the result for binary placeholders; a bench needs three fields per card.
//
// It walks the JSON structurally (strings with their escapes, nesting), it does not pattern-match:
// a title containing `"id":`, keys in another order or added fields cannot fool it. Anything it does
// not expect throws FrameShapeError, and the caller falls back to JSON.parse (and counts it).
//
// A module-level cursor (`pos`, `limit`) instead of returned tuples keeps the walk allocation-free.

import { FrameShapeError, intern, lastStringEscaped, stringEnd } from './json-bytes.js';
import { pushItem, type LiveMessage } from './live-message.js';

const QUOTE = 0x22;
const COMMA = 0x2c;
const COLON = 0x3a;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const MINUS = 0x2d;
const ZERO = 0x30;
const NINE = 0x39;

const K_SEQ = bytes('seq');
const K_REASON = bytes('reason');
const K_EPOCH = bytes('epoch');
const K_ITEMS = bytes('items');
const K_ID = bytes('id');
const K_VERSION = bytes('version');
const K_SALE_STATUS = bytes('saleStatus');

let pos = 0;
let limit = 0;
let frame: Buffer = Buffer.alloc(0);

function bytes(key: string): Uint8Array {
  return Uint8Array.from(key, (c) => c.charCodeAt(0));
}

function fail(what: string): never {
  throw new FrameShapeError(`${what} at byte ${pos}`);
}

function isKey(start: number, end: number, key: Uint8Array): boolean {
  if (end - start !== key.length) return false;
  for (let i = 0; i < key.length; i += 1) if (frame[start + i] !== key[i]) return false;
  return true;
}

function skipSpace(): void {
  for (;;) {
    const c = frame[pos];
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) pos += 1;
    else return;
  }
}

function readString(): string {
  if (frame[pos] !== QUOTE) fail('expected a string');
  const end = stringEnd(frame, pos, limit);
  const start = pos + 1;
  pos = end + 1;
  // An escape is rare (never in statuses or reasons): let JSON decode it rather than re-implement it.
  if (lastStringEscaped()) return JSON.parse(frame.toString('utf8', start - 1, end + 1)) as string;
  return intern(frame, start, end);
}

function readNumber(): number {
  const start = pos;
  let negative = false;
  if (frame[pos] === MINUS) {
    negative = true;
    pos += 1;
  }
  let value = 0;
  let digits = 0;
  for (;;) {
    const c = frame[pos] as number;
    if (c >= ZERO && c <= NINE) {
      value = value * 10 + (c - ZERO);
      digits += 1;
      pos += 1;
    } else break;
  }
  if (digits === 0) fail('expected a number');
  const c = frame[pos];
  if (c === 0x2e || c === 0x65 || c === 0x45) {
    // A fraction or exponent: not a seq/id/version, but read it correctly anyway.
    skipScalar();
    return Number(frame.toString('latin1', start, pos));
  }
  return negative ? -value : value;
}

function skipScalar(): void {
  const start = pos;
  while (pos < limit) {
    const c = frame[pos];
    if (c === COMMA || c === RBRACE || c === RBRACKET || c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) break;
    pos += 1;
  }
  if (pos === start) fail('expected a value');
}

function skipValue(): void {
  const c = frame[pos];
  if (c === QUOTE) {
    pos = stringEnd(frame, pos, limit) + 1;
    return;
  }
  if (c !== LBRACE && c !== LBRACKET) return skipScalar();
  let depth = 0;
  while (pos < limit) {
    const d = frame[pos];
    if (d === QUOTE) {
      pos = stringEnd(frame, pos, limit) + 1;
      continue;
    }
    pos += 1;
    if (d === LBRACE || d === LBRACKET) depth += 1;
    else if (d === RBRACE || d === RBRACKET) {
      depth -= 1;
      if (depth === 0) return;
    }
  }
  fail('unterminated object or array');
}

/** The text of a string or number (`epoch`); '' for anything else. */
function readScalarText(): string {
  if (frame[pos] === QUOTE) return readString();
  const start = pos;
  skipValue();
  const c = frame[start] as number;
  return c === MINUS || (c >= ZERO && c <= NINE) ? frame.toString('latin1', start, pos) : '';
}

/** Walks one object's members, calling `member(keyStart, keyEnd)` with the cursor on each value. */
function members(member: (keyStart: number, keyEnd: number) => void): void {
  if (frame[pos] !== LBRACE) fail('expected an object');
  pos += 1;
  skipSpace();
  if (frame[pos] === RBRACE) {
    pos += 1;
    return;
  }
  for (;;) {
    skipSpace();
    if (frame[pos] !== QUOTE) fail('expected a key');
    const keyEnd = stringEnd(frame, pos, limit);
    const keyStart = pos + 1;
    pos = keyEnd + 1;
    skipSpace();
    if (frame[pos] !== COLON) fail('expected a colon');
    pos += 1;
    skipSpace();
    member(keyStart, keyEnd);
    skipSpace();
    const c = frame[pos];
    pos += 1;
    if (c === RBRACE) return;
    if (c !== COMMA) fail('expected , or }');
  }
}

let target: LiveMessage;
let itemId = -1;
let itemVersion = -1;
let itemStatus = '';

function itemMember(keyStart: number, keyEnd: number): void {
  if (isKey(keyStart, keyEnd, K_ID)) itemId = readNumber();
  else if (isKey(keyStart, keyEnd, K_VERSION)) itemVersion = readNumber();
  else if (isKey(keyStart, keyEnd, K_SALE_STATUS)) itemStatus = readString();
  else skipValue();
}

function readItems(): void {
  if (frame[pos] !== LBRACKET) return skipValue();
  pos += 1;
  skipSpace();
  if (frame[pos] === RBRACKET) {
    pos += 1;
    return;
  }
  for (;;) {
    skipSpace();
    itemId = -1;
    itemVersion = -1;
    itemStatus = '';
    if (frame[pos] === LBRACE) {
      members(itemMember);
      pushItem(target, itemId, itemVersion, itemStatus);
    } else skipValue();
    skipSpace();
    const c = frame[pos];
    pos += 1;
    if (c === RBRACKET) return;
    if (c !== COMMA) fail('expected , or ]');
  }
}

function payloadMember(keyStart: number, keyEnd: number): void {
  if (isKey(keyStart, keyEnd, K_SEQ)) target.seq = frame[pos] === QUOTE ? NaN : readNumber();
  else if (isKey(keyStart, keyEnd, K_REASON)) target.reason = frame[pos] === QUOTE ? readString() : (skipValue(), '');
  else if (isKey(keyStart, keyEnd, K_ITEMS)) readItems();
  else if (isKey(keyStart, keyEnd, K_EPOCH)) target.epoch = readScalarText();
  else skipValue();
}

/**
 * Fills `message` (already reset) from the payload value starting at `start` in `b`. A payload that
 * is not an object records nothing; one that is malformed throws FrameShapeError.
 */
export function scanPayload(b: Buffer, start: number, message: LiveMessage): void {
  frame = b;
  limit = b.length;
  pos = start;
  target = message;
  skipSpace();
  if (frame[pos] !== LBRACE) return;
  members(payloadMember);
}
