// The tables of the delivery benchmarks beyond latency: what the clients cost per message (lean vs
// the socket.io-client control), whether the control's figures agree with the lean clients', and
// what each server system spent per 1 000 messages it delivered — all from the same window.

import type { DeliveryReport } from './delivery.js';
import { totalStats, type WorkerStats } from './fleet/fleet.js';
import type { Row } from './report.js';
import { round } from './stats.js';

export function deliveryRow(system: string, report: DeliveryReport, clients: number): Row {
  const l = report.latencyMs;
  return {
    system,
    clients,
    transitions: report.transitions,
    delivered: `${report.delivered}/${report.expectedDeliveries}`,
    'p50 ms': l.p50,
    'p95 ms': l.p95,
    'p99 ms': l.p99,
    'max ms': l.max,
    misses: report.misses,
    'raw dup msgs': report.rawDuplicateMessages,
    'dup publications': report.duplicatePublications,
    'dups after dedup': report.duplicatesAfterDedup,
    early: report.early,
  };
}

/** Worker stats at the start and the end of the measured window. */
export interface WindowStats {
  readonly start: readonly WorkerStats[];
  readonly end: readonly WorkerStats[];
}

export function windowDelta(w: WindowStats): { cpuSeconds: number; messages: number; clients: number; processes: number; rssKb: number; decodeFallbacks: number } {
  const a = totalStats(w.start);
  const b = totalStats(w.end);
  return { cpuSeconds: b.cpuSeconds - a.cpuSeconds, messages: b.messages - a.messages, clients: b.clients, processes: w.end.length, rssKb: b.rssKb, decodeFallbacks: b.decodeFallbacks };
}

export interface ClientCost {
  readonly label: string;
  readonly window: WindowStats;
}

/** Client CPU per message received, each kind against the socket.io-client control (last entry). */
export function clientCostRows(costs: readonly ClientCost[], controlLabel: string): { rows: Row[]; fraction: number } {
  const perMessage = (c: ClientCost) => {
    const d = windowDelta(c.window);
    return { d, us: (d.cpuSeconds * 1e6) / Math.max(1, d.messages) };
  };
  const control = costs.find((c) => c.label === controlLabel);
  const controlUs = control ? perMessage(control).us : NaN;
  let fraction = NaN;
  const rows = costs.map((c) => {
    const { d, us } = perMessage(c);
    if (c !== control && c.label.startsWith('lean') && Number.isNaN(fraction)) fraction = us / controlUs;
    return {
      clients: c.label,
      processes: d.processes,
      sockets: d.clients,
      'messages (window)': d.messages,
      'CPU s (window)': round(d.cpuSeconds, 2),
      'CPU µs / message': round(us, 1),
      '÷ socket.io-client': round(us / controlUs, 2),
      'RSS MiB (all processes)': round(d.rssKb / 1024, 0),
      'KB RSS / socket': round(d.rssKb / Math.max(1, d.clients), 1),
      'decode fallbacks': d.decodeFallbacks,
    };
  });
  return { rows, fraction };
}

/** The control agrees with the lean clients: same completeness and dedup, medians within 10 ms or 30 %. */
export function agreement(lean: DeliveryReport, control: DeliveryReport): { agrees: boolean; why: string } {
  const completeness = (r: DeliveryReport) => r.delivered / Math.max(1, r.expectedDeliveries);
  const reasons: string[] = [];
  if (Math.abs(completeness(lean) - completeness(control)) > 0.005) reasons.push(`delivered ${round(completeness(lean) * 100, 2)} % vs ${round(completeness(control) * 100, 2)} %`);
  if (lean.duplicatesAfterDedup !== 0 || control.duplicatesAfterDedup !== 0) reasons.push(`dups after dedup ${lean.duplicatesAfterDedup} vs ${control.duplicatesAfterDedup}`);
  if (lean.duplicatePublications !== control.duplicatePublications) reasons.push(`dup publications ${lean.duplicatePublications} vs ${control.duplicatePublications}`);
  const gap = Math.abs(lean.latencyMs.p50 - control.latencyMs.p50);
  if (gap > Math.max(10, 0.3 * Math.max(lean.latencyMs.p50, control.latencyMs.p50))) reasons.push(`p50 ${lean.latencyMs.p50} vs ${control.latencyMs.p50} ms`);
  return reasons.length === 0
    ? { agrees: true, why: `same completeness and dedup, p50 ${lean.latencyMs.p50} vs ${control.latencyMs.p50} ms` }
    : { agrees: false, why: reasons.join('; ') };
}

export interface ServerCost {
  readonly system: string;
  readonly serverCpuSeconds: number;
  readonly processes: number;
  /** Messages the system's clients received in the window (all events). */
  readonly messages: number;
  /** Transitions delivered (first receipt per client and card): a coalesced event carries several. */
  readonly deliveries: number;
  /** CPU seconds per second of the same processes before the first boundary (NaN: not measured). */
  readonly idleRate: number;
  readonly windowS: number;
  /** Refresh messages its clients received (no heartbeats). */
  readonly refreshes: number;
}

/** CPU seconds per 1 000 delivered messages per system, and the ratio to the first (the floor). */
export function serverCostRows(costs: readonly ServerCost[], floorSystem: string | undefined): { rows: Row[]; ratio: number; netRatio: number; transitionRatio: number } {
  const per1000 = (c: ServerCost) => c.serverCpuSeconds / Math.max(1e-9, c.messages / 1000);
  // What delivering cost beyond what the system spends anyway with its clients connected.
  const net = (c: ServerCost) => (c.serverCpuSeconds - c.idleRate * c.windowS) / Math.max(1e-9, c.refreshes / 1000);
  const floor = costs.find((c) => c.system === floorSystem);
  const floorPer = floor ? per1000(floor) : NaN;
  const own = costs[0];
  const rows = costs.map((c) => ({
    system: c.system,
    'server processes': c.processes,
    'server CPU s (window)': round(c.serverCpuSeconds, 2),
    'messages delivered (window)': c.messages,
    'CPU s / 1 000 msgs': round(per1000(c), 4),
    '÷ floor': round(per1000(c) / floorPer, 2),
    'transitions delivered': c.deliveries,
    'CPU s / 1 000 transitions': round(c.serverCpuSeconds / Math.max(1e-9, c.deliveries / 1000), 4),
    '÷ floor (transitions)': floor ? round(c.serverCpuSeconds / c.deliveries / (floor.serverCpuSeconds / floor.deliveries), 2) : null,
    'idle CPU % (all processes)': round(c.idleRate * 100, 1),
    'net CPU s / 1 000 refreshes': round(net(c), 4),
    '÷ floor (net)': floor ? round(net(c) / net(floor), 2) : null,
  }));
  const perTransition = (c: ServerCost) => c.serverCpuSeconds / Math.max(1, c.deliveries);
  return {
    rows,
    ratio: own ? per1000(own) / floorPer : NaN,
    netRatio: own && floor ? net(own) / net(floor) : NaN,
    transitionRatio: own && floor ? perTransition(own) / perTransition(floor) : NaN,
  };
}
