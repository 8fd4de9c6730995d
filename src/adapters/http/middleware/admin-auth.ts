// Bearer-token guard for `/api/admin/*`: 401 without a token, 403 with a wrong one (compared in
// constant time, bearer-token.ts). Each failure takes a token from the client's failed-auth limit;
// a client with none left is refused with 429 before its token is even looked at — a correct
// token included, or a guesser would learn it from the answer. Failures are reported (logged at
// warn with the client address, never token material) up to the limit only, so a flood of guesses
// cannot flood the log either.

import type { Context, Middleware } from 'koa';
import { HttpError } from '../http-error.js';
import { bearerChecker } from './bearer-token.js';
import { rateLimited, type ClientRateLimit } from './rate-limit.js';

export interface AdminAuthOptions {
  readonly failures: ClientRateLimit;
  readonly clientOf: (ctx: Context) => string;
  readonly onFailure: (client: string, reason: 'missing' | 'wrong', ctx: Context) => void;
}

export function adminAuth(adminToken: string, options: AdminAuthOptions): Middleware {
  const check = bearerChecker(adminToken);
  return async (ctx, next) => {
    const client = options.clientOf(ctx);
    const allowance = options.failures.check(client);
    if (!allowance.allowed) throw rateLimited(allowance, 'failed admin authentications');
    const verdict = check(ctx);
    if (verdict !== 'valid') {
      options.failures.take(client);
      options.onFailure(client, verdict, ctx);
      if (verdict === 'missing') throw new HttpError(401, 'UNAUTHORIZED', 'admin endpoints need an Authorization: Bearer <token> header');
      throw new HttpError(403, 'FORBIDDEN', 'the admin token is not valid');
    }
    await next();
  };
}
