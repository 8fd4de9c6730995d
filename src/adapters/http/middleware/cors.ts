// CORS with an allowlist: the Origin is echoed only when listed, so a page elsewhere can neither
// read API answers nor send admin calls with a stored token. Preflights are answered here.

import type { Middleware } from 'koa';

const ALLOWED_METHODS = 'GET, HEAD, POST, PUT, DELETE, OPTIONS';
const ALLOWED_HEADERS = 'Authorization, Content-Type';
const PREFLIGHT_MAX_AGE_S = '600';

export function cors(origins: readonly string[]): Middleware {
  const allowed = new Set(origins);
  return async (ctx, next) => {
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
      return;
    }
    await next();
  };
}
