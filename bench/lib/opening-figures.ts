// bench:opening's figures from the opening recorder's rows: per group of clients (lean, the
// socket.io-client control, all), the announced flip and the push receipt minus openAt, each on
// the client's own server-clock estimate (local + offset) — the figure issue 10.4 asks for — and
// on the machine's one clock (local Date.now(), the same clock the server uses here), which is
// what "before the server's instant" really means. An early flip is a shown-OPEN instant before
// openAt on the machine clock; on the estimate it can only come from a timer firing early.

import type { OpeningRows } from './fleet/recorders/opening-recorder.js';
import type { Row } from './report.js';
import { round, summarize, type Summary } from './stats.js';

export interface OpeningGroupFigures {
  readonly label: string;
  readonly clients: number;
  readonly noEstimate: number;
  readonly rttMs: Summary;
  /** Announced flip: shown time on the client's estimate minus openAt. */
  readonly announcedMs: Summary;
  /** The same on the machine clock. */
  readonly announcedTrueMs: Summary;
  readonly earlyFlips: number;
  readonly earlyOnEstimate: number;
  readonly missedFlips: number;
  readonly pushMs: Summary;
  readonly pushTrueMs: Summary;
  readonly missedPushes: number;
  /** Items of cards the client did not watch (must be 0). */
  readonly foreignItems: number;
}

export function openingFigures(label: string, rows: readonly OpeningRows[], openAt: number): OpeningGroupFigures {
  const announced: number[] = [];
  const announcedTrue: number[] = [];
  const push: number[] = [];
  const pushTrue: number[] = [];
  const rtt: number[] = [];
  let clients = 0;
  let noEstimate = 0;
  let early = 0;
  let earlyEstimate = 0;
  let missedFlips = 0;
  let missedPushes = 0;
  let foreignItems = 0;
  for (const r of rows) {
    foreignItems += r.foreignItems;
    for (let i = 0; i < r.clients; i += 1) {
      clients += 1;
      const offset = r.offsetMs[i] as number;
      const hasEstimate = !Number.isNaN(offset);
      if (!hasEstimate) noEstimate += 1;
      else rtt.push(r.roundTripMs[i] as number);
      for (let k = 0; k < r.cards; k += 1) {
        const flip = r.flipLocal[k * r.clients + i] as number;
        const got = r.pushLocal[k * r.clients + i] as number;
        if (Number.isNaN(got)) missedPushes += 1;
        else {
          pushTrue.push(got - openAt);
          // Without an estimate the client has only the push; put it on the machine clock.
          push.push(got + (hasEstimate ? offset : 0) - openAt);
        }
        if (!hasEstimate) continue;
        if (Number.isNaN(flip)) {
          missedFlips += 1;
          continue;
        }
        announced.push(flip + offset - openAt);
        announcedTrue.push(flip - openAt);
        if (flip < openAt) early += 1;
        if (flip + offset < openAt) earlyEstimate += 1;
      }
    }
  }
  return {
    label,
    clients,
    noEstimate,
    rttMs: summarize(rtt),
    announcedMs: summarize(announced),
    announcedTrueMs: summarize(announcedTrue),
    earlyFlips: early,
    earlyOnEstimate: earlyEstimate,
    missedFlips,
    pushMs: summarize(push),
    pushTrueMs: summarize(pushTrue),
    missedPushes,
    foreignItems,
  };
}

export function openingRow(n: number, load: string, f: OpeningGroupFigures): Row {
  const flips = f.announcedMs.count;
  return {
    N: n,
    clients: `${f.label} (${f.clients})`,
    'load 1m': load,
    'announced p50': round(f.announcedMs.p50),
    'announced p99': round(f.announcedMs.p99),
    'announced max': round(f.announcedMs.max),
    'early flips': `${f.earlyFlips} (${flips ? round((100 * f.earlyFlips) / flips, 2) : 0} %)`,
    'push p50': round(f.pushMs.p50),
    'push p99': round(f.pushMs.p99),
    'push max': round(f.pushMs.max),
    'missed flip/push': `${f.missedFlips}/${f.missedPushes}`,
    'no estimate': f.noEstimate,
    'rtt p50/max': `${round(f.rttMs.p50)}/${round(f.rttMs.max)}`,
  };
}

/** The control agrees when its p50s are within 10 ms or 25 % of the lean clients' and neither flips early. */
export function controlAgrees(lean: OpeningGroupFigures, control: OpeningGroupFigures): { agrees: boolean; why: string } {
  const close = (a: number, b: number) => Math.abs(a - b) <= Math.max(10, 0.25 * Math.max(Math.abs(a), Math.abs(b)));
  const flip = close(lean.announcedMs.p50, control.announcedMs.p50);
  const push = close(lean.pushMs.p50, control.pushMs.p50);
  const agrees = flip && push && lean.earlyFlips === 0 && control.earlyFlips === 0 && control.missedPushes === 0 && lean.missedPushes === 0;
  return {
    agrees,
    why: `announced p50 ${round(lean.announcedMs.p50)} vs ${round(control.announcedMs.p50)} ms, push p50 ${round(lean.pushMs.p50)} vs ${round(control.pushMs.p50)} ms, early ${lean.earlyFlips}/${control.earlyFlips}, missed pushes ${lean.missedPushes}/${control.missedPushes}`,
  };
}
