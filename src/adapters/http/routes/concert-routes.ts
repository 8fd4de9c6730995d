// Public concert endpoints: the search snapshot, one card, server time and the reservation
// stand-in. Each validates its input, calls one use case and maps the result to the wire shape.

import type Router from '@koa/router';
import type { Middleware } from 'koa';
import type { CardResponse, HighlightsResponse, SearchResponse, ServerTime } from '../../../contract/wire.js';
import { cardJson, serverTime } from '../card-json.js';
import type { HttpDeps } from '../http-deps.js';
import { parseConcertId } from '../validation/concert-id.js';
import { parseHighlightsQuery } from '../validation/highlights-query.js';
import { parseReservation } from '../validation/reservation-input.js';
import { parseSearchQuery } from '../validation/search-query.js';

type ConcertDeps = Pick<HttpDeps, 'searchCards' | 'getCard' | 'highlights' | 'reserveSeats' | 'clock'>;

export function concertRoutes(router: Router, deps: ConcertDeps, body: Middleware): void {
  router.get('/api/concerts/search', async (ctx) => {
    const result = await deps.searchCards.execute(parseSearchQuery(ctx.query));
    const response: SearchResponse = {
      items: result.items.map(cardJson),
      page: result.page,
      size: result.size,
      totalElements: result.totalElements,
      totalPages: result.totalPages,
      hasNext: result.hasNext,
      ...serverTime(result.serverNowEpochMs),
      realtimeMode: result.settings.mode,
      hybridPollIntervalMillis: result.settings.hybridPollIntervalMillis,
      seq: result.seq,
    };
    ctx.body = response;
  });

  router.get('/api/concerts/highlights', async (ctx) => {
    const result = await deps.highlights.execute(parseHighlightsQuery(ctx.query));
    const response: HighlightsResponse = {
      openingSoon: result.openingSoon.map(cardJson),
      sellOutRisk: result.sellOutRisk.map(cardJson),
      ...serverTime(result.serverNowEpochMs),
      realtimeMode: result.settings.mode,
      hybridPollIntervalMillis: result.settings.hybridPollIntervalMillis,
      seq: result.seq,
    };
    ctx.body = response;
  });

  router.get('/api/concerts/:id/card', async (ctx) => {
    const snapshot = await deps.getCard.execute(parseConcertId(ctx.params.id));
    const response: CardResponse = { card: cardJson(snapshot.card), ...serverTime(snapshot.serverNowEpochMs), seq: snapshot.seq };
    ctx.body = response;
  });

  router.post('/api/concerts/:id/reservations', body, async (ctx) => {
    const id = parseConcertId(ctx.params.id);
    const card = await deps.reserveSeats.execute(id, parseReservation(ctx.request.jsonBody));
    ctx.status = 201;
    ctx.body = { card: cardJson(card) };
  });

  router.get('/api/time', (ctx) => {
    const response: ServerTime = serverTime(deps.clock.now());
    ctx.body = response;
  });
}
