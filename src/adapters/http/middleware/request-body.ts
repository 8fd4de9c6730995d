// Reads a request body into memory, at most `limitBytes` (413 past it), and tells a client that
// hung up mid-upload apart from everything else: Node surfaces that as the request stream's own
// ECONNRESET ("aborted"), which would otherwise look like a lost database connection.

import type { IncomingMessage } from 'node:http';
import { clientClosedRequest, HttpError } from '../http-error.js';

export async function readRequestBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > limitBytes) break; // leaving the loop stops reading; the 413 is thrown below
      chunks.push(chunk);
    }
  } catch (error) {
    // Only the request stream can fail this loop, and an incomplete request means the peer left.
    if (!req.complete || req.errored === error) throw clientClosedRequest();
    throw error;
  }
  if (size > limitBytes) throw tooLarge(limitBytes);
  return Buffer.concat(chunks);
}

export function tooLarge(limitBytes: number): HttpError {
  return new HttpError(413, 'PAYLOAD_TOO_LARGE', `request body exceeds ${limitBytes} bytes`);
}
