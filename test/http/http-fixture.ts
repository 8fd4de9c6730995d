// Drives the HTTP adapter through a real Node server with hand-built use-case fakes: the adapter
// is tested as a translator (input checks, mapping, envelopes, headers) without a database.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Context } from 'koa';
import { createHttpApp } from '../../src/adapters/http/http-app.js';
import type { HttpDeps } from '../../src/adapters/http/http-deps.js';
import { aCard, CARD_NOW } from '../support/card-mother.js';

export const ADMIN_TOKEN = 'test-admin-token';
export const METRICS_TOKEN = 'test-metrics-token';
export const NOW = CARD_NOW;
export const FIXTURE_EPOCH = 'fixture-epoch';
export { aCard };

/** Records what each fake use case was called with. */
export interface Calls {
  search: unknown[];
  getCard: unknown[];
  create: unknown[];
  update: unknown[];
  remove: unknown[];
  reserve: unknown[];
  realtime: unknown[];
  highlights: unknown[];
  errors: unknown[];
  requests: { route: string; method: string; status: number }[];
}

export function fakeDeps(overrides: Partial<HttpDeps> = {}): { deps: HttpDeps; calls: Calls } {
  const calls: Calls = { search: [], getCard: [], create: [], update: [], remove: [], reserve: [], realtime: [], highlights: [], errors: [], requests: [] };
  const deps: HttpDeps = {
    highlights: {
      execute: async (limits) => {
        calls.highlights.push(limits);
        return { openingSoon: [aCard()], sellOutRisk: [], serverNowEpochMs: NOW, settings: { mode: 'websocket', hybridPollIntervalMillis: 30_000 }, seq: 7, epoch: FIXTURE_EPOCH };
      },
    },
    searchCards: {
      execute: async (query) => {
        calls.search.push(query);
        return {
          items: [aCard()],
          page: query.page,
          size: query.size,
          totalElements: 1,
          totalPages: 1,
          hasNext: false,
          serverNowEpochMs: NOW,
          settings: { mode: 'websocket', hybridPollIntervalMillis: 30_000 },
          seq: 42,
          epoch: FIXTURE_EPOCH,
        };
      },
    },
    getCard: {
      execute: async (id) => {
        calls.getCard.push(id);
        return { card: aCard({ id }), serverNowEpochMs: NOW, seq: 42, epoch: FIXTURE_EPOCH };
      },
    },
    createConcert: {
      execute: async (details) => {
        calls.create.push(details);
        return aCard({ id: 8, title: details.title });
      },
    },
    updateConcert: {
      execute: async (id, edit) => {
        calls.update.push({ id, edit });
        return aCard({ id, version: 2 });
      },
    },
    deleteConcert: {
      execute: async (id) => {
        calls.remove.push(id);
      },
    },
    reserveSeats: {
      execute: async (id, quantity) => {
        calls.reserve.push({ id, quantity });
        return { card: aCard({ id, saleStatus: 'OPEN', availableSeatCount: 500 - quantity, remainingRate: (500 - quantity) / 500 }), replayed: false };
      },
    },
    getRealtimeSettings: {
      execute: async () => ({ settings: { mode: 'hybrid', hybridPollIntervalMillis: 5_000 }, source: 'admin', changedAt: NOW - 60_000, configured: { mode: 'websocket', hybridPollIntervalMillis: 30_000 } }),
    },
    changeRealtimeSettings: {
      execute: async (settings) => {
        calls.realtime.push(settings);
        return settings;
      },
    },
    health: {
      isLive: () => true,
      readiness: async () => ({ ready: true, checks: { database: true } }),
      metricsText: async () => '# HELP up 1\nup 1\n',
      metricsContentType: 'text/plain; version=0.0.4; charset=utf-8',
    },
    clock: { now: () => NOW },
    adminToken: ADMIN_TOKEN,
    metricsToken: METRICS_TOKEN,
    corsOrigins: ['https://allowed.example'],
    onError: (error: unknown, _ctx: Context) => {
      calls.errors.push(error);
    },
    onRequest: (route, method, status) => {
      calls.requests.push({ route, method, status });
    },
    ...overrides,
  };
  return { deps, calls };
}

export interface RunningApp {
  readonly url: string;
  close(): Promise<void>;
}

export async function startApp(deps: HttpDeps): Promise<RunningApp> {
  const server: Server = createServer(createHttpApp(deps).callback());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

export function adminHeaders(token = ADMIN_TOKEN): Record<string, string> {
  return { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
}

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}
