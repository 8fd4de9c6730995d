// Where this instance's relay hands what it delivers: its own sockets (the realtime adapter), each
// receiving what concerns its watch set.

import type { CatalogueChange } from '../../../domain/card/catalogue-change.js';
import type { RealtimeSettings } from '../../../domain/realtime/realtime-mode.js';
import type { LiveEvent } from './live-event-publisher.js';

export interface CatalogueNotice extends CatalogueChange {
  /** The stream position the notice covers: every change up to it is in this or an earlier notice. */
  readonly seq: number;
  readonly epoch: string;
  readonly settings: RealtimeSettings;
  readonly serverNowEpochMs: number;
}

export interface LocalFanOut {
  /** A change, in stream order (a late one only after an unfillable gap), for the sockets it concerns. */
  deliver(event: LiveEvent, epoch: string): void;
  /** What recent changes did to the catalogue, for every socket (views built from a query re-read on it). */
  notice(notice: CatalogueNotice): void;
}
