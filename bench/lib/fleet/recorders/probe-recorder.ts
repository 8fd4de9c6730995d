// Connection history and request/ack round trips, no per-message rows: counts per event, every
// (re)connect and disconnect reason, and the `emitWithAck` command — every connected client emits
// `event(...args)` and waits for its acknowledgement; the reply says how many acked, the errors, and
// the round trips. What a bench needs to send `cards:watch` to a whole fleet, or to see a
// reconnect storm land (bench:lean-check drives it against two servers).

import type { BenchClient, Recorder } from '../recorder.js';

export interface EmitWithAckArgs {
  readonly event: string;
  readonly args?: readonly unknown[];
  readonly timeoutMs?: number;
}

export interface EmitWithAckReply {
  readonly asked: number;
  readonly acked: number;
  readonly errors: Record<string, number>;
  readonly rttMs: number[];
  /** The first ack's arguments, to show what came back. */
  readonly sample: unknown[] | null;
}

export interface ProbeResult {
  readonly events: Record<string, number>;
  readonly connects: number;
  readonly reconnects: number;
  readonly disconnectReasons: Record<string, number>;
  /** Per client of this worker: the URL it was last connected to. */
  readonly urls: Record<number, string>;
}

export function createRecorder(): Recorder<ProbeResult> {
  const events: Record<string, number> = {};
  const disconnectReasons: Record<string, number> = {};
  const urls: Record<number, string> = {};
  const seen = new Set<number>();
  let connects = 0;
  let reconnects = 0;
  return {
    decodes: new Set<string>(),
    onConnect: (client) => {
      connects += 1;
      if (seen.has(client.index)) reconnects += 1;
      seen.add(client.index);
      urls[client.index] = client.url;
    },
    onMessage: (_client, message) => {
      events[message.event] = (events[message.event] ?? 0) + 1;
    },
    onDisconnect: (_client, reason) => {
      disconnectReasons[reason] = (disconnectReasons[reason] ?? 0) + 1;
    },
    command: async (name, args, clients: readonly BenchClient[]): Promise<EmitWithAckReply> => {
      if (name !== 'emitWithAck') throw new Error(`probe recorder: unknown command ${name}`);
      const { event, args: emitted = [], timeoutMs } = args as EmitWithAckArgs;
      const errors: Record<string, number> = {};
      const rttMs: number[] = [];
      let sample: unknown[] | null = null;
      const asked = clients.filter((c) => c.connected());
      await Promise.all(
        asked.map(async (client) => {
          const started = Date.now();
          try {
            const reply = await client.emitWithAck(event, emitted, timeoutMs);
            rttMs.push(Date.now() - started);
            sample ??= reply;
          } catch (error) {
            const message = error instanceof Error ? error.message : String(error);
            errors[message] = (errors[message] ?? 0) + 1;
          }
        }),
      );
      return { asked: asked.length, acked: rttMs.length, errors, rttMs, sample };
    },
    result: () => ({ events, connects, reconnects, disconnectReasons, urls }),
  };
}
