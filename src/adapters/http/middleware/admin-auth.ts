// Bearer-token guard for `/api/admin/*`: 401 without a token, 403 with a wrong one. Tokens are
// compared as SHA-256 digests with timingSafeEqual, so neither content nor length leaks by timing.

import { createHash, timingSafeEqual } from 'node:crypto';
import type { Middleware } from 'koa';
import { HttpError } from '../http-error.js';

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

export function adminAuth(adminToken: string): Middleware {
  if (adminToken === '') throw new Error('adminToken must be a non-empty string');
  const expected = digest(adminToken);
  return async (ctx, next) => {
    const presented = BEARER.exec(ctx.get('Authorization'))?.[1];
    if (presented === undefined) {
      throw new HttpError(401, 'UNAUTHORIZED', 'admin endpoints need an Authorization: Bearer <token> header');
    }
    if (!timingSafeEqual(digest(presented), expected)) {
      throw new HttpError(403, 'FORBIDDEN', 'the admin token is not valid');
    }
    await next();
  };
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}
