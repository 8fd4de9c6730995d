// Bearer-token guard for `/api/admin/*`: 401 without a token, 403 with a wrong one (compared in
// constant time, bearer-token.ts).

import type { Middleware } from 'koa';
import { HttpError } from '../http-error.js';
import { bearerChecker } from './bearer-token.js';

export function adminAuth(adminToken: string): Middleware {
  const check = bearerChecker(adminToken);
  return async (ctx, next) => {
    const verdict = check(ctx);
    if (verdict === 'missing') throw new HttpError(401, 'UNAUTHORIZED', 'admin endpoints need an Authorization: Bearer <token> header');
    if (verdict === 'wrong') throw new HttpError(403, 'FORBIDDEN', 'the admin token is not valid');
    await next();
  };
}
