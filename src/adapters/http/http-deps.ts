// What the HTTP adapter needs from the composition root: the use cases it calls (typed against the
// application classes, but only their `execute`, so adapter tests can pass hand-built fakes), the
// health probes, the clock and the process-level hooks (logging, metrics, "database unreachable").

import type { Context } from 'koa';
import type { ChangeRealtimeSettings } from '../../application/live/change-realtime-settings.js';
import type { CreateConcert } from '../../application/admin/create-concert.js';
import type { DeleteConcert } from '../../application/admin/delete-concert.js';
import type { UpdateConcert } from '../../application/admin/update-concert.js';
import type { GetHighlights } from '../../application/cards/get-highlights.js';
import type { GetCard } from '../../application/cards/get-card.js';
import type { SearchCards } from '../../application/cards/search-cards.js';
import type { ReserveSeats } from '../../application/reservations/reserve-seats.js';
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
  readonly searchCards: Pick<SearchCards, 'execute'>;
  readonly getCard: Pick<GetCard, 'execute'>;
  readonly createConcert: Pick<CreateConcert, 'execute'>;
  readonly updateConcert: Pick<UpdateConcert, 'execute'>;
  readonly deleteConcert: Pick<DeleteConcert, 'execute'>;
  readonly reserveSeats: Pick<ReserveSeats, 'execute'>;
  readonly changeRealtimeSettings: Pick<ChangeRealtimeSettings, 'execute'>;
  readonly highlights: Pick<GetHighlights, 'execute'>;
  readonly health: HealthProbes;
  readonly clock: Clock;
  /** Bearer token for `/api/admin/*`; must be non-empty. */
  readonly adminToken: string;
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
   * server error: it never reaches onError or isUnavailable.
   */
  readonly onAborted?: (route: string, method: string) => void;
  /** True for errors meaning "a backing service is unreachable" (mapped to 503); default: none are. */
  readonly isUnavailable?: (error: unknown) => boolean;
}
