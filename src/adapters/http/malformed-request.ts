// A request Node's HTTP parser cannot parse never reaches Koa; it still gets the JSON error
// envelope (400 MALFORMED_REQUEST), then the connection closes.

import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ErrorResponse } from '../../contract/wire.js';

export function answerMalformedRequests(server: Server): void {
  server.on('clientError', (_error: Error, socket: Duplex) => {
    if (!socket.writable) {
      socket.destroy();
      return;
    }
    const envelope: ErrorResponse = { error: { code: 'MALFORMED_REQUEST', message: 'the HTTP request could not be parsed' } };
    const body = JSON.stringify(envelope);
    socket.end(`HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
  });
}
