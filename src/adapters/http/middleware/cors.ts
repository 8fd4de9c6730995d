// CORS with an allowlist: the Origin is echoed only when listed, so a page elsewhere can neither
// read API answers nor send admin calls with a stored token. Preflights are answered here. Run by
// request-frame.ts on every request.

import type { Context } from 'koa';

const ALLOWED_METHODS = 'GET, HEAD, POST, PUT, DELETE, OPTIONS';
const ALLOWED_HEADERS = 'Authorization, Content-Type';
const PREFLIGHT_MAX_AGE_S = '600';

/**
 * The CORS step on its own: Vary and the allowed origin on every answer; true when it answered the
 * request itself (a preflight, 204), and nothing else is to run.
 */
export function corsPolicy(origins: readonly string[]): (ctx: Context) => boolean {
  const allowed = new Set(origins);
  return (ctx) => {
    // What ctx.vary('Origin') does on a response with no Vary yet, without parsing one.
    if (ctx.res.hasHeader('Vary')) ctx.vary('Origin');
    else ctx.res.setHeader('Vary', 'Origin');
    const origin = ctx.get('Origin');
    const listed = origin !== '' && allowed.has(origin);
    if (listed) ctx.set('Access-Control-Allow-Origin', origin);
    if (ctx.method === 'OPTIONS' && origin !== '' && ctx.get('Access-Control-Request-Method') !== '') {
      if (listed) {
        ctx.set({
          'Access-Control-Allow-Methods': ALLOWED_METHODS,
          'Access-Control-Allow-Headers': ALLOWED_HEADERS,
          'Access-Control-Max-Age': PREFLIGHT_MAX_AGE_S,
        });
      }
      ctx.status = 204;
      return true;
    }
    return false;
  };
}
