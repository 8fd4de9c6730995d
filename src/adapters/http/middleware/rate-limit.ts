// Per-client limits (by client address, client-address.ts): a token bucket per client holding up
// to `perMinute` tokens, refilled at `perMinute` a minute, so a client may burst that many and
// then keeps the average. A refusal is 429 RATE_LIMITED with Retry-After (whole seconds until a
// token is back). Instants come from the Clock. The buckets are per instance, in memory: a client
// spread over N instances by the balancer gets up to N times the limit. Memory stays bounded: a
// bucket that has refilled is the same as none and is dropped when the table grows, and the table
// never holds more than MAX_CLIENTS buckets (the oldest go first).
//
// Why not a library: rate-limiter-flexible, the well-kept choice, reads Date.now() and arms a
// timer per key in its memory store (the project's one clock could not drive it, nor tests step
// it), and its shared Redis store would need a Redis client in the HTTP adapter, which the
// realtime adapter owns. What is needed here is one small bucket.

import type { Context, Middleware } from 'koa';
import type { Clock } from '../../../application/ports/clock.js';
import { HttpError } from '../http-error.js';

const MINUTE_MS = 60_000;
const MAX_CLIENTS = 100_000;
const SWEEP_AT = 10_000;

interface Bucket {
  tokens: number;
  at: number;
}

export type Verdict = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterSeconds: number };

export class ClientRateLimit {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;

  /** `perMinute` 0: no limit. */
  constructor(
    readonly perMinute: number,
    private readonly clock: Clock,
  ) {
    this.perMs = perMinute / MINUTE_MS;
  }

  /** Whether `client` has a token left now, without taking it. */
  check(client: string): Verdict {
    if (this.perMinute === 0) return { allowed: true };
    const now = this.clock.now();
    return this.verdict(this.level(this.buckets.get(client), now));
  }

  /** Takes a token for `client` if one is left. */
  take(client: string): Verdict {
    if (this.perMinute === 0) return { allowed: true };
    const now = this.clock.now();
    const tokens = this.level(this.buckets.get(client), now);
    const verdict = this.verdict(tokens);
    if (verdict.allowed) this.store(client, { tokens: tokens - 1, at: now });
    return verdict;
  }

  /** Buckets held (tests read it). */
  size(): number {
    return this.buckets.size;
  }

  private level(bucket: Bucket | undefined, now: number): number {
    if (!bucket) return this.perMinute;
    return Math.min(this.perMinute, bucket.tokens + (now - bucket.at) * this.perMs);
  }

  private verdict(tokens: number): Verdict {
    if (tokens >= 1) return { allowed: true };
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / this.perMs / 1000)) };
  }

  private store(client: string, bucket: Bucket): void {
    this.buckets.delete(client); // re-inserted last: the map stays in order of last use
    this.buckets.set(client, bucket);
    if (this.buckets.size <= SWEEP_AT) return;
    const now = bucket.at;
    for (const [key, held] of this.buckets) if (this.level(held, now) >= this.perMinute) this.buckets.delete(key);
    for (const key of this.buckets.keys()) {
      if (this.buckets.size <= MAX_CLIENTS) break;
      this.buckets.delete(key);
    }
  }
}

export function rateLimited(verdict: Extract<Verdict, { allowed: false }>, what: string): HttpError {
  return new HttpError(429, 'RATE_LIMITED', `too many ${what} from this client; retry after ${verdict.retryAfterSeconds} s`, { retryAfterSeconds: verdict.retryAfterSeconds });
}

/** Refuses a client's request beyond its limit, before its body is read. */
export function perClientLimit(limit: ClientRateLimit, clientOf: (ctx: Context) => string, what: string): Middleware {
  return async (ctx, next) => {
    const verdict = limit.take(clientOf(ctx));
    if (!verdict.allowed) throw rateLimited(verdict, what);
    await next();
  };
}
