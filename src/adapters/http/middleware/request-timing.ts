// Reports each request to the onRequest hook with the router's path template (never the raw URL,
// so metric label cardinality stays bounded), after errors have been mapped to their status: what
// request-frame.ts reports, and the route label it reports under.

import type { Context } from 'koa';

export const STATIC_ROUTE = '(static)';
export const UNMATCHED_ROUTE = '(unmatched)';

export type RequestObserver = (route: string, method: string, status: number, durationMs: number) => void;

/** The matched route template, `(static)` or `(unmatched)`: bounded, unlike the raw URL. */
export function routeOf(ctx: Context): string {
  const matched = (ctx as { _matchedRoute?: unknown })._matchedRoute;
  return typeof matched === 'string' ? matched : ctx.state.staticFile === true ? STATIC_ROUTE : UNMATCHED_ROUTE;
}
