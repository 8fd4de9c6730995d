// The contract between a fleet worker and what a benchmark records: the worker owns the sockets
// (either client kind), a recorder decides what to keep per message. A recorder is a module whose
// `createRecorder(options, context)` the worker imports by path (FleetOptions.recorder), so a new
// benchmark adds a recorder file and never touches the worker.
//
//   onConnect    every (re)connect to the namespace — where a bench sends `cards:watch` with an ack
//   onMessage    every event, decoded into the reused LiveMessage (copy what you keep)
//   onDisconnect a connected socket closed (reason as socket.io-client names it)
//   command      a request from the bench process (Fleet.command), e.g. "watch these cards now"
//   result       at finish; must be structured-cloneable (typed arrays travel as they are)

import type { LiveMessage } from '../lean/live-message.js';

export type ClientKind = 'lean' | 'socket.io-client';

/** One client as a recorder sees it, whichever kind it is. */
export interface BenchClient {
  /** Global index (unique across a fleet's workers, offset by FleetOptions.firstClient). */
  readonly index: number;
  /** Base URL it is connected (or connecting) to. */
  readonly url: string;
  connected(): boolean;
  emit(event: string, ...args: unknown[]): void;
  /** Resolves with the acknowledgement's arguments; rejects on timeout or disconnect. */
  emitWithAck(event: string, args: readonly unknown[], timeoutMs?: number): Promise<unknown[]>;
}

export interface RecorderContext {
  readonly kind: ClientKind;
  readonly firstClient: number;
  readonly clients: number;
}

export interface Recorder<R = unknown> {
  /** Events to decode; others are counted by the worker but reach onMessage undecoded (no fields). */
  readonly decodes?: ReadonlySet<string>;
  onConnect?(client: BenchClient): void;
  onMessage(client: BenchClient, message: LiveMessage, receivedAt: number): void;
  onDisconnect?(client: BenchClient, reason: string): void;
  command?(name: string, args: unknown, clients: readonly BenchClient[]): unknown;
  result(): R;
}

export type RecorderFactory<O = unknown, R = unknown> = (options: O, context: RecorderContext) => Recorder<R>;
