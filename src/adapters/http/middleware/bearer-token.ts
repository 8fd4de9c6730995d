// Bearer-token comparison shared by the admin guard and the metrics guard. Tokens are compared as
// SHA-256 digests with timingSafeEqual, so neither content nor length leaks by timing.

import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context } from 'koa';

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

export type BearerVerdict = 'valid' | 'missing' | 'wrong';

export function bearerChecker(token: string): (ctx: Context) => BearerVerdict {
  if (token === '') throw new Error('a bearer token must be a non-empty string');
  const expected = digest(token);
  return (ctx) => {
    const presented = BEARER.exec(ctx.get('Authorization'))?.[1];
    if (presented === undefined) return 'missing';
    return timingSafeEqual(digest(presented), expected) ? 'valid' : 'wrong';
  };
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}
