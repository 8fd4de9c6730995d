// Admin endpoints behind the bearer token: concert create/edit/delete, the realtime-mode switch and
// where the mode in force came from. The token is checked before the body is read, so an anonymous
// caller learns nothing.

import type Router from '@koa/router';
import type { Middleware } from 'koa';
import type { RealtimeSettingsJson, RealtimeSettingsStatusJson } from '../../../contract/wire.js';
import { serverTime } from '../../../contract/wire-projection.js';
import { toCardJson as cardJson } from '../../../contract/wire-projection.js';
import type { HttpDeps } from '../http-deps.js';
import { parseConcertId } from '../validation/concert-id.js';
import { parseConcertEdit, parseNewConcert } from '../validation/concert-input.js';
import { parseRealtimeSettings } from '../validation/realtime-settings-input.js';

type AdminDeps = Pick<HttpDeps, 'createConcert' | 'updateConcert' | 'deleteConcert' | 'changeRealtimeSettings' | 'getRealtimeSettings'>;

export function adminRoutes(router: Router, deps: AdminDeps, auth: Middleware, body: Middleware): void {
  router.post('/api/admin/concerts', auth, body, async (ctx) => {
    const card = await deps.createConcert.execute(parseNewConcert(ctx.request.jsonBody));
    ctx.status = 201;
    ctx.body = { card: cardJson(card) };
  });

  router.put('/api/admin/concerts/:id', auth, body, async (ctx) => {
    const id = parseConcertId(ctx.params.id);
    const card = await deps.updateConcert.execute(id, parseConcertEdit(ctx.request.jsonBody));
    ctx.body = { card: cardJson(card) };
  });

  router.delete('/api/admin/concerts/:id', auth, async (ctx) => {
    await deps.deleteConcert.execute(parseConcertId(ctx.params.id));
    ctx.status = 204;
  });

  router.get('/api/admin/realtime', auth, async (ctx) => {
    const record = await deps.getRealtimeSettings.execute();
    const changed = serverTime(record.changedAt);
    const response: RealtimeSettingsStatusJson = {
      realtimeMode: record.settings.mode,
      hybridPollIntervalMillis: record.settings.hybridPollIntervalMillis,
      source: record.source,
      changedAt: changed.serverNow,
      changedAtEpochMs: changed.serverNowEpochMs,
      configured: record.configured && { realtimeMode: record.configured.mode, hybridPollIntervalMillis: record.configured.hybridPollIntervalMillis },
    };
    ctx.body = response;
  });

  router.put('/api/admin/realtime', auth, body, async (ctx) => {
    const settings = await deps.changeRealtimeSettings.execute(parseRealtimeSettings(ctx.request.jsonBody));
    const response: RealtimeSettingsJson = {
      realtimeMode: settings.mode,
      hybridPollIntervalMillis: settings.hybridPollIntervalMillis,
    };
    ctx.body = response;
  });
}
