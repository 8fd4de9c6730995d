// JSON request bodies, for the routes that take one: `application/json` only (415 otherwise),
// at most `limitBytes` (413, checked on Content-Length and while reading), UTF-8 and well-formed
// (400), with no lone surrogate in any string (400 naming the field: it has no UTF-8 form, and the
// database would store U+FFFD instead). Small on purpose: the API takes small bodies and nothing else.

import type { Middleware } from 'koa';
import { HttpError, validationFailed } from '../http-error.js';
import { loneSurrogateProblem } from '../validation/unicode-text.js';
import { readRequestBody, tooLarge } from './request-body.js';

export const DEFAULT_BODY_LIMIT_BYTES = 16 * 1024;

declare module 'koa' {
  interface Request {
    /** The parsed JSON body, set by jsonBody() on routes that take one. */
    jsonBody?: unknown;
  }
}

/** JSON is UTF-8 (RFC 8259 §8.1): a body declared in any other charset would be misread. */
const UTF8_NAMES = new Set(['utf-8', 'utf8']);
const utf8 = new TextDecoder('utf-8', { fatal: true });

export function jsonBody(limitBytes: number): Middleware {
  return async (ctx, next) => {
    const type = ctx.is('application/json'); // null: no body at all
    if (type === null) throw missingBody();
    if (!type) throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'request body must be application/json');
    const charset = ctx.request.charset.toLowerCase();
    if (charset !== '' && !UTF8_NAMES.has(charset)) {
      throw new HttpError(400, 'UNSUPPORTED_CHARSET', `request body charset must be utf-8 (JSON is UTF-8), not ${charset}`);
    }
    const encoding = ctx.get('Content-Encoding').toLowerCase();
    if (encoding !== '' && encoding !== 'identity') {
      throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'compressed request bodies are not accepted');
    }
    const declared = ctx.request.length;
    if (declared !== undefined && declared > limitBytes) throw tooLarge(limitBytes);
    const text = decodeUtf8(await readRequestBody(ctx.req, limitBytes));
    if (text.trim() === '') throw missingBody();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text) as unknown;
    } catch (_error) {
      throw new HttpError(400, 'MALFORMED_JSON', 'request body is not well-formed JSON');
    }
    const surrogate = loneSurrogateProblem(parsed);
    if (surrogate !== null) throw validationFailed([surrogate]);
    ctx.request.jsonBody = parsed;
    await next();
  };
}

function decodeUtf8(bytes: Buffer): string {
  try {
    return utf8.decode(bytes);
  } catch (_error) {
    throw new HttpError(400, 'MALFORMED_JSON', 'request body is not valid UTF-8');
  }
}

function missingBody(): HttpError {
  return new HttpError(400, 'MALFORMED_JSON', 'request body is missing: send a JSON object');
}
