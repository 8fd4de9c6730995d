// Records nothing per message and decodes nothing: how many messages of each event arrived and how
// many disconnects, for idle-socket and memory runs where only the connection matters.

import type { Recorder } from '../recorder.js';

export interface CountResult {
  readonly events: Record<string, number>;
  readonly disconnectReasons: Record<string, number>;
}

export function createRecorder(): Recorder<CountResult> {
  const events: Record<string, number> = {};
  const disconnectReasons: Record<string, number> = {};
  return {
    decodes: new Set<string>(),
    onMessage: (_client, message) => {
      events[message.event] = (events[message.event] ?? 0) + 1;
    },
    onDisconnect: (_client, reason) => {
      disconnectReasons[reason] = (disconnectReasons[reason] ?? 0) + 1;
    },
    result: () => ({ events, disconnectReasons }),
  };
}
