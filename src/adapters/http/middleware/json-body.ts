// JSON request bodies, for the routes that take one: `application/json` only (415 otherwise),
// at most `limitBytes` (413, checked on Content-Length and while reading), well-formed (400).
// Small on purpose: the API takes small bodies and nothing else.

import type { Middleware } from 'koa';
import { HttpError } from '../http-error.js';
import { readRequestBody, tooLarge } from './request-body.js';

export const DEFAULT_BODY_LIMIT_BYTES = 16 * 1024;

declare module 'koa' {
  interface Request {
    /** The parsed JSON body, set by jsonBody() on routes that take one. */
    jsonBody?: unknown;
  }
}

export function jsonBody(limitBytes: number): Middleware {
  return async (ctx, next) => {
    const type = ctx.is('application/json'); // null: no body at all
    if (type === null) throw missingBody();
    if (!type) throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'request body must be application/json');
    const encoding = ctx.get('Content-Encoding').toLowerCase();
    if (encoding !== '' && encoding !== 'identity') {
      throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'compressed request bodies are not accepted');
    }
    const declared = ctx.request.length;
    if (declared !== undefined && declared > limitBytes) throw tooLarge(limitBytes);
    const text = (await readRequestBody(ctx.req, limitBytes)).toString('utf8');
    if (text.trim() === '') throw missingBody();
    try {
      ctx.request.jsonBody = JSON.parse(text) as unknown;
    } catch (_error) {
      throw new HttpError(400, 'MALFORMED_JSON', 'request body is not well-formed JSON');
    }
    await next();
  };
}

function missingBody(): HttpError {
  return new HttpError(400, 'MALFORMED_JSON', 'request body is missing: send a JSON object');
}
