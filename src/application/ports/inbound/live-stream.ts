// What the realtime adapter asks of this instance's live-stream relay: take an event another
// instance published, say where the stream stands, check the head, replay to a reconnecting socket.

import type { CatalogueChange } from '../../../domain/card/catalogue-change.js';
import type { LiveEvent } from '../outbound/live-event-publisher.js';
import type { StreamStatus } from './stream-status.js';

export type ReplayOutcome =
  | { readonly resyncRequired: true }
  | {
      readonly resyncRequired: false;
      /** Every change this instance delivered after the position, in seq order. */
      readonly events: readonly LiveEvent[];
      /** What those changes did to the catalogue, all of them (not only the ones a watch set keeps). */
      readonly catalogue: CatalogueChange | null;
    };

export interface LiveStreamRelayUseCase {
  /** An event published by another instance (through Redis). */
  receive(event: LiveEvent): void;
  /** Where the stream stands for this instance's sockets: every change up to `seq` was sent. */
  status(): Promise<StreamStatus>;
  /** Reads the stream head; fills from the outbox what this instance has not received. */
  checkHead(): Promise<void>;
  /** The changes after `afterSeq` of `epoch`, or resyncRequired when that position cannot be served. */
  replay(afterSeq: number, epoch: string): Promise<ReplayOutcome>;
}
