// Decodes the parameters a route knows from the raw query string, refusing any whose value is not
// UTF-8 once percent-decoded (`%ED%A0%80`, an encoded surrogate; `%E9`, latin1 é). Node's
// querystring, which Koa uses, turns such bytes into U+FFFD, so a search would run for text the
// client never sent. Otherwise it reads as querystring does: `+` is a space, a `%` not followed by
// two hex digits stays literal, a name given twice gives an array. Unknown names are left alone,
// however they are spelled.

import { validationFailed, type FieldProblem } from '../http-error.js';

export type QueryValues = Record<string, string | string[] | undefined>;

const utf8 = new TextDecoder('utf-8', { fatal: true });
const HEX_PAIR = /^[0-9A-Fa-f]{2}$/;

export function decodeQuery(raw: string, known: readonly string[]): QueryValues {
  const names = new Set(known);
  const values: Record<string, string[]> = {};
  const problems: FieldProblem[] = [];
  for (const pair of raw === '' ? [] : raw.split('&')) {
    const separator = pair.indexOf('=');
    const name = decodeComponent(separator === -1 ? pair : pair.slice(0, separator));
    if (name === null || !names.has(name)) continue;
    const value = decodeComponent(separator === -1 ? '' : pair.slice(separator + 1));
    if (value === null) {
      if (!problems.some((problem) => problem.field === name)) problems.push({ field: name, message: `${name} is not valid UTF-8 once percent-decoded` });
      continue;
    }
    (values[name] ??= []).push(value);
  }
  if (problems.length > 0) throw validationFailed(problems);
  return Object.fromEntries(Object.entries(values).map(([name, list]) => [name, list.length === 1 ? list[0] : list]));
}

/** Percent-decodes strictly as UTF-8; null when the bytes are not UTF-8. */
function decodeComponent(encoded: string): string | null {
  const text = encoded.replaceAll('+', ' ');
  if (!text.includes('%')) return text;
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i += 1) {
    const pair = text.slice(i + 1, i + 3);
    if (text[i] === '%' && HEX_PAIR.test(pair)) {
      bytes.push(Number.parseInt(pair, 16));
      i += 2;
    } else {
      // Node refuses non-ASCII request targets, so this is ASCII; anything else is text already.
      const char = String.fromCodePoint(text.codePointAt(i) as number);
      bytes.push(...Buffer.from(char, 'utf8'));
      i += char.length - 1;
    }
  }
  try {
    return utf8.decode(new Uint8Array(bytes));
  } catch (_error) {
    return null;
  }
}
