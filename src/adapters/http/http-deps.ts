// What the HTTP adapter needs from the composition root: the inbound ports it calls (adapter
// tests pass hand-built fakes), the health probes, the clock and the process-level hooks (logging,
// metrics).

import type { Context } from 'koa';
import type { GetCardUseCase, GetHighlightsUseCase, SearchCardsUseCase } from '../../application/ports/inbound/card-queries.js';
import type {
  ChangeRealtimeSettingsUseCase,
  CreateConcertUseCase,
  GetRealtimeSettingsUseCase,
  DeleteConcertUseCase,
  UpdateConcertUseCase,
} from '../../application/ports/inbound/concert-admin.js';
import type { ReserveSeatsUseCase } from '../../application/ports/inbound/reserve-seats.js';
import type { Clock } from '../../application/ports/clock.js';

export interface Readiness {
  readonly ready: boolean;
  readonly checks: Record<string, boolean>;
}

export interface HealthProbes {
  isLive(): boolean;
  readiness(): Promise<Readiness>;
  metricsText(): Promise<string>;
  /** Content type of `metricsText()`, e.g. prom-client's `register.contentType`. */
  readonly metricsContentType: string;
}

export interface HttpDeps {
  readonly searchCards: SearchCardsUseCase;
  readonly getCard: GetCardUseCase;
  readonly createConcert: CreateConcertUseCase;
  readonly updateConcert: UpdateConcertUseCase;
  readonly deleteConcert: DeleteConcertUseCase;
  readonly reserveSeats: ReserveSeatsUseCase;
  readonly changeRealtimeSettings: ChangeRealtimeSettingsUseCase;
  readonly getRealtimeSettings: GetRealtimeSettingsUseCase;
  readonly highlights: GetHighlightsUseCase;
  readonly health: HealthProbes;
  readonly clock: Clock;
  /** Bearer token for `/api/admin/*`; must be non-empty. */
  readonly adminToken: string;
  /**
   * Serve `/metrics` on this app behind `Authorization: Bearer <metricsToken>`. Absent: no
   * `/metrics` here (404); metrics are served on their own listener (metrics-app.ts).
   */
  readonly metricsToken?: string;
  /**
   * Peers whose X-Forwarded-For is believed (its last entry, the one they appended): the load
   * balancers. Default none: the socket's peer is the client.
   */
  readonly trustedProxies?: readonly string[];
  /** Reservations one client may make per minute (a burst of that many, then that rate); 0 or absent: no limit. */
  readonly reservationsPerMinute?: number;
  /** Failed admin authentications one client may make per minute before every admin call is 429; 0 or absent: no limit. */
  readonly adminAuthFailuresPerMinute?: number;
  /** Called with each failed admin authentication within the limit: the client's address, never the token. */
  readonly onAdminAuthFailed?: (client: string, reason: 'missing' | 'wrong', route: string, method: string) => void;
  /** Origins allowed by CORS, exactly as browsers send them (`https://example.com`). Default none. */
  readonly corsOrigins?: readonly string[];
  /** Further JSON documents served as they are, by path (e.g. `/asyncapi.json` from the realtime adapter). */
  readonly documents?: Readonly<Record<string, object>>;
  /** Directory of the built web page served at `/`. Absent: no static files. */
  readonly staticDir?: string;
  /** Serve the page's source maps (`*.map`, its original TypeScript) from `staticDir`; default false. */
  readonly serveSourceMaps?: boolean;
  /** Request body limit in bytes; default 16 KiB. */
  readonly bodyLimitBytes?: number;
  /** Called once per request; `route` is the matched template (`/api/concerts/:id/card`), never the raw URL. */
  readonly onRequest?: (route: string, method: string, status: number, durationMs: number) => void;
  /** Called with every error that becomes a 5xx response (the body never carries it). */
  readonly onError?: (error: unknown, ctx: Context) => void;
  /**
   * Called when the client hung up before its request was read (recorded with status 499). Not a
   * server error: it never reaches onError.
   */
  readonly onAborted?: (route: string, method: string) => void;
}
