// What a bench measures in one live message, in one reused object: the event name, the stream
// position (`seq`, `epoch`), the refresh reason and, per card in `items`, its id, status and version.
// Both client kinds fill the same shape — the lean client from the frame's bytes (frame-scan.ts),
// socket.io-client from the object it already parsed (fillFromObject) — so a recorder cannot tell
// them apart and a control process measures exactly what the lean ones do.
//
// The object is overwritten by the next message: a recorder copies what it keeps.

export interface LiveMessage {
  event: string;
  /** NaN when the payload has no numeric `seq`. */
  seq: number;
  /** '' when absent. */
  reason: string;
  /** '' when absent; a number is kept as its text (issue 11 adds an `epoch` to events and heartbeats). */
  epoch: string;
  itemCount: number;
  /** Per item, indices 0..itemCount-1; capacity grows as needed. */
  ids: Int32Array;
  versions: Int32Array;
  statuses: string[];
  /** Size of the frame on the wire (lean) or of the JSON payload (socket.io-client). */
  bytes: number;
}

export function emptyLiveMessage(): LiveMessage {
  return { event: '', seq: NaN, reason: '', epoch: '', itemCount: 0, ids: new Int32Array(16), versions: new Int32Array(16), statuses: [], bytes: 0 };
}

export function resetLiveMessage(message: LiveMessage, event: string, bytes: number): void {
  message.event = event;
  message.seq = NaN;
  message.reason = '';
  message.epoch = '';
  message.itemCount = 0;
  message.bytes = bytes;
}

/** Appends one item, growing the typed arrays when full. */
export function pushItem(message: LiveMessage, id: number, version: number, status: string): void {
  const n = message.itemCount;
  if (n === message.ids.length) {
    const ids = new Int32Array(n * 2);
    ids.set(message.ids);
    message.ids = ids;
    const versions = new Int32Array(n * 2);
    versions.set(message.versions);
    message.versions = versions;
  }
  message.ids[n] = id;
  message.versions[n] = version;
  message.statuses[n] = status;
  message.itemCount = n + 1;
}

interface PayloadLike {
  seq?: unknown;
  reason?: unknown;
  epoch?: unknown;
  items?: unknown;
}

/** The same fields from an already parsed payload (socket.io-client, or the lean client's fallback). */
export function fillFromObject(message: LiveMessage, event: string, payload: unknown, bytes: number): void {
  resetLiveMessage(message, event, bytes);
  if (typeof payload !== 'object' || payload === null) return;
  const p = payload as PayloadLike;
  if (typeof p.seq === 'number') message.seq = p.seq;
  if (typeof p.reason === 'string') message.reason = p.reason;
  if (typeof p.epoch === 'string' || typeof p.epoch === 'number') message.epoch = String(p.epoch);
  if (!Array.isArray(p.items)) return;
  for (const item of p.items as { id?: unknown; version?: unknown; saleStatus?: unknown }[]) {
    if (typeof item !== 'object' || item === null) continue;
    pushItem(message, typeof item.id === 'number' ? item.id : -1, typeof item.version === 'number' ? item.version : -1, typeof item.saleStatus === 'string' ? item.saleStatus : '');
  }
}
