// Text the service stores and serves must be Unicode. JSON can spell a lone UTF-16 surrogate
// ("\ud800"), which has no UTF-8 form: PostgreSQL would receive U+FFFD in its place, changing the
// data without a word. This finds the first such string anywhere in a parsed body.

import type { FieldProblem } from '../http-error.js';

/** With the u flag a surrogate pair is one code point, so only a lone surrogate is one of these. */
const LONE_SURROGATE = /\p{Surrogate}/u;

/** The first lone surrogate in `value` (a parsed JSON body), as a problem naming where it is; else null. */
export function loneSurrogateProblem(value: unknown, root = 'body'): FieldProblem | null {
  // Iterative: a 16 KiB body can nest thousands of levels deep.
  const pending: [unknown, string | null][] = [[value, null]];
  while (pending.length > 0) {
    const [item, path] = pending.pop() as [unknown, string | null];
    if (typeof item === 'string') {
      if (LONE_SURROGATE.test(item)) {
        const field = path ?? root;
        return { field, message: `${field} contains a lone UTF-16 surrogate, which is not Unicode text (send each character whole, as UTF-8)` };
      }
    } else if (typeof item === 'object' && item !== null) {
      const entries = Array.isArray(item) ? item.map((element, index) => [String(index), element] as const) : Object.entries(item);
      for (const [key, child] of entries) {
        if (LONE_SURROGATE.test(key)) {
          const field = path ?? root;
          return { field, message: `${field} has a property name with a lone UTF-16 surrogate, which is not Unicode text` };
        }
        pending.push([child, path === null ? key : `${path}.${key}`]);
      }
    }
  }
  return null;
}
