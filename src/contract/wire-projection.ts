// The one projection onto the wire, shared by every adapter that publishes cards (HTTP, Socket.IO):
// the keys of the card schema, in its order, so whatever object is handed over the wire carries
// exactly the contract. The compiler checks that a card has every wire field with its wire type.

import { cardSchema, type CardJson, type ServerTime } from './wire.js';

const CARD_KEYS = Object.keys(cardSchema.shape) as (keyof CardJson)[];

export function toCardJson(card: CardJson): CardJson {
  const json: Record<string, unknown> = {};
  for (const key of CARD_KEYS) json[key] = card[key];
  return json as CardJson;
}

/** Server time as clients sample it: ISO-8601 UTC with milliseconds, and the same instant in ms. */
export function serverTime(epochMs: number): ServerTime {
  return { serverNow: new Date(epochMs).toISOString(), serverNowEpochMs: epochMs };
}
