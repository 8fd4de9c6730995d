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
  /** Where the announced figure comes from: the wait the client chose (showFrom on its estimate − openAt = half its best round trip)… */
  readonly chosenWaitMs: Summary;
  /** …and how late its process applied it after showFrom (timer, event loop, CPU scheduling). */
  readonly applyLateMs: Summary;
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
  const chosen: number[] = [];
  const late: number[] = [];
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
      else {
        rtt.push(r.roundTripMs[i] as number);
        chosen.push((r.showFromLocal[i] as number) + offset - openAt);
      }
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
        late.push(flip - (r.showFromLocal[i] as number));
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
    chosenWaitMs: summarize(chosen),
    applyLateMs: summarize(late),
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
    'wait chosen p99': round(f.chosenWaitMs.p99),
    'applied late p99': round(f.applyLateMs.p99),
    'missed flip/push': `${f.missedFlips}/${f.missedPushes}`,
    'no estimate': f.noEstimate,
    'rtt p50/max': `${round(f.rttMs.p50)}/${round(f.rttMs.max)}`,
  };
}

/**
 * The control agrees when, at p50, its flips are applied as late after showFrom and its pushes
 * arrive as late as the lean clients' (within 10 ms or 25 %), and neither flips early. The wait each
 * chose is not compared: it is half its best time:sync round trip, and socket.io-client's own
 * per-message cost makes its round trips longer — that difference is the library, not the bench.
 */
export function controlAgrees(lean: OpeningGroupFigures, control: OpeningGroupFigures): { agrees: boolean; why: string } {
  const close = (a: number, b: number) => Math.abs(a - b) <= Math.max(10, 0.25 * Math.max(Math.abs(a), Math.abs(b)));
  const flip = close(lean.applyLateMs.p50, control.applyLateMs.p50);
  const push = close(lean.pushMs.p50, control.pushMs.p50);
  const agrees = flip && push && lean.earlyFlips === 0 && control.earlyFlips === 0 && control.missedPushes === 0 && lean.missedPushes === 0;
  return {
    agrees,
    why: `applied after showFrom p50 ${round(lean.applyLateMs.p50)} vs ${round(control.applyLateMs.p50)} ms (announced p50 ${round(lean.announcedMs.p50)} vs ${round(control.announcedMs.p50)}, wait chosen p50 ${round(lean.chosenWaitMs.p50)} vs ${round(control.chosenWaitMs.p50)}), push p50 ${round(lean.pushMs.p50)} vs ${round(control.pushMs.p50)} ms, early ${lean.earlyFlips}/${control.earlyFlips}, missed pushes ${lean.missedPushes}/${control.missedPushes}`,
  };
}
