// Public concert endpoints: the search snapshot, one card, server time and the reservation
// stand-in. Each validates its input, calls one use case and maps the result to the wire shape.
// The three snapshot reads check the protocol version the client states and state their own.

import type Router from '@koa/router';
import type { Middleware } from 'koa';
import type { CardResponse, HighlightsResponse, ServerTime } from '../../../contract/wire.js';
import { PROTOCOL_VERSION } from '../../../contract/protocol.js';
import { toCardJson as cardJson } from '../../../contract/wire-projection.js';
import type { HttpDeps } from '../http-deps.js';
import { parseConcertId } from '../validation/concert-id.js';
import { HIGHLIGHTS_PARAMETERS, parseHighlightsQuery } from '../validation/highlights-query.js';
import { decodeQuery } from '../validation/query-string.js';
import { ReplayedRefusal } from '../../../application/ports/inbound/errors.js';
import { checkProtocolVersion } from '../validation/protocol-version.js';
import { parseIdempotencyKey, parseReservation } from '../validation/reservation-input.js';
import { searchRequestReader } from '../validation/search-request.js';
import { searchResponseBody } from './search-encoding.js';
import { serverTimeAt } from './server-time.js';
import { snapshotStamp } from './snapshot-stamp.js';

type ConcertDeps = Pick<HttpDeps, 'searchCards' | 'getCard' | 'highlights' | 'reserveSeats' | 'clock'>;

const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/** Set on an answer that repeats the stored answer to an earlier request with the same key. */
export const REPLAYED_HEADER = 'Idempotent-Replayed';

export function concertRoutes(router: Router, deps: ConcertDeps, body: Middleware, reservationLimit: Middleware): void {
  const searchQueryOf = searchRequestReader();
  router.get('/api/concerts/search', async (ctx) => {
    const result = await deps.searchCards.execute(searchQueryOf(ctx.querystring));
    // What `ctx.type = 'application/json'` writes, without its per-request MIME lookup.
    ctx.set('Content-Type', JSON_CONTENT_TYPE);
    ctx.body = searchResponseBody(result);
  });

  router.get('/api/concerts/highlights', async (ctx) => {
    checkProtocolVersion(ctx.querystring);
    const result = await deps.highlights.execute(parseHighlightsQuery(decodeQuery(ctx.querystring, HIGHLIGHTS_PARAMETERS)));
    const response: HighlightsResponse = {
      openingSoon: result.openingSoon.map(cardJson),
      sellOutRisk: result.sellOutRisk.map(cardJson),
      ...snapshotStamp(result),
    };
    ctx.body = response;
  });

  router.get('/api/concerts/:id/card', async (ctx) => {
    checkProtocolVersion(ctx.querystring);
    const snapshot = await deps.getCard.execute(parseConcertId(ctx.params.id));
    const response: CardResponse = { card: cardJson(snapshot.card), ...serverTimeAt(snapshot.serverNowEpochMs), seq: snapshot.seq, epoch: snapshot.epoch, protocolVersion: PROTOCOL_VERSION };
    ctx.body = response;
  });

  router.post('/api/concerts/:id/reservations', reservationLimit, body, async (ctx) => {
    const id = parseConcertId(ctx.params.id);
    const key = parseIdempotencyKey(ctx.get('Idempotency-Key'));
    const quantity = parseReservation(ctx.request.jsonBody);
    let reservation;
    try {
      reservation = await deps.reserveSeats.execute(id, quantity, key);
    } catch (error) {
      if (!(error instanceof ReplayedRefusal)) throw error;
      ctx.set(REPLAYED_HEADER, 'true');
      throw error.refusal;
    }
    if (reservation.replayed) ctx.set(REPLAYED_HEADER, 'true');
    ctx.status = 201;
    ctx.body = { card: cardJson(reservation.card) };
  });

  router.get('/api/time', (ctx) => {
    const response: ServerTime = serverTimeAt(deps.clock.now());
    ctx.body = response;
  });
}
