// bench:opening's traffic phase (issue 10.4, last point): what a view receives while the rest of the
// catalogue changes. One lean client and one socket.io-client (the control) watch 20 cards; one lean
// client watches all (the baseline: what every client got before cards:watch). Then one seat is
// reserved on each of OTHER other concerts and on each of the 20, interleaved, over the instances.
// Target: the 20-card view receives only refreshes of its own cards (as many as the all-watcher saw
// touching them) plus catalogue notices — none carrying another card.

import { withClient } from './database.js';
import { seedCatalogue } from './catalogue-seed.js';
import { RECORDERS, startFleet, type Fleet } from './fleet/fleet.js';
import type { TrafficCounts } from './fleet/recorders/traffic-recorder.js';
import type { ClientKind } from './fleet/recorder.js';
import type { Started } from './processes.js';
import type { Row } from './report.js';
import { round } from './stats.js';

export interface TrafficOutcome {
  readonly rows: Row[];
  readonly notes: string[];
  readonly met: boolean;
  readonly counts: TrafficCounts[];
}

async function reserveOnce(url: string): Promise<number> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ quantity: 1 }) });
  await response.arrayBuffer();
  return response.status;
}

export async function trafficPhase(instances: readonly Started[], databaseUrl: string, fleets: Fleet[], other: number, viewSize: number): Promise<TrafficOutcome> {
  // ~30 % of seeded concerts are open with seats (catalogue-seed.ts): seed enough for OTHER + the view.
  await seedCatalogue(databaseUrl, Math.ceil(((other + viewSize) / 0.3) * 1.1));
  const open = await withClient(databaseUrl, (c) =>
    c.query<{ id: string }>(`select id from concert where general_sale_start_at < now() and available_seat_count > 10 order by id limit $1`, [other + viewSize]),
  );
  const ids = open.rows.map((r) => Number(r.id));
  if (ids.length < other + viewSize) throw new Error(`only ${ids.length} open concerts with seats seeded`);
  const viewIds = ids.slice(0, viewSize);
  const otherIds = ids.slice(viewSize);
  const urls = instances.map((i) => i.baseUrl);
  const make = (kind: ClientKind, label: string, first: number) => startFleet<TrafficCounts[]>({ kind, urls, clients: 1, workers: 1, firstClient: first, recorder: { module: RECORDERS.traffic }, label });
  const view = make('lean', 'lean, watching 20', 0);
  const control = make('socket.io-client', 'socket.io-client, watching 20 (control)', 1);
  const all = make('lean', 'lean, watching all (baseline)', 2);
  fleets.push(view, control, all);
  await Promise.all([view, control, all].map((f) => f.connect()));
  await Promise.all([view.command('watch', { request: { ids: viewIds }, viewIds }), control.command('watch', { request: { ids: viewIds }, viewIds }), all.command('watch', { request: { all: true }, viewIds })]);
  await Promise.all([view, control, all].map((f) => f.command('reset')));

  // One seat on each card, view cards spread among the others, 16 requests in flight.
  const order = [...otherIds];
  viewIds.forEach((id, k) => order.splice(Math.round(((k + 0.5) * order.length) / viewIds.length) + k, 0, id));
  const statuses: Record<number, number> = {};
  let next = 0;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < order.length) {
        const k = next;
        next += 1;
        const status = await reserveOnce(`${urls[k % urls.length]}/api/concerts/${order[k]}/reservations`);
        statuses[status] = (statuses[status] ?? 0) + 1;
      }
    }),
  );
  const reserveS = (Date.now() - started) / 1000;
  await new Promise((resolve) => setTimeout(resolve, 3_000)); // coalesced inventory events flush
  const [viewCounts, controlCounts, allCounts] = await Promise.all([view.finish(), control.finish(), all.finish()]);
  for (const f of [view, control, all]) fleets.splice(fleets.indexOf(f), 1);
  const flat = [viewCounts, controlCounts, allCounts].map((w) => w.flat()[0]);
  const labels = [view.label, control.label, all.label];
  const rows: Row[] = flat.map((c, k) => ({
    client: labels[k] as string,
    events: c?.events ?? 0,
    'bytes (lean: wire)': c?.bytes ?? 0,
    'refreshes, own cards only': c?.ownRefreshes ?? 0,
    'items, own cards': c?.ownItems ?? 0,
    'refreshes with another card': c?.foreignRefreshes ?? 0,
    'items, other cards': c?.foreignItems ?? 0,
    'catalogue notices': c?.catalogueNotices ?? 0,
    heartbeats: c?.heartbeats ?? 0,
    'refreshes touching the 20': c?.withViewCards ?? 0,
  }));
  const v = flat[0];
  const a = flat[2];
  const expectedOwn = a?.withViewCards ?? NaN;
  const met = v !== undefined && v.foreignRefreshes === 0 && v.foreignItems === 0 && v.ownRefreshes === expectedOwn && (flat[1]?.foreignItems ?? 1) === 0;
  const notes = [
    `${order.length} single-seat reservations (${otherIds.length} other concerts, ${viewIds.length} watched) in ${round(reserveS, 1)} s over ${urls.length} instances; statuses ${JSON.stringify(statuses)}.`,
    `Target: the 20-card view receives only its own cards' refreshes (${expectedOwn}, the refreshes the all-watcher saw touching them) plus catalogue notices: ${met ? 'met' : 'MISSED'} — lean view ${v?.ownRefreshes} own, ${v?.foreignRefreshes} with other cards.`,
    `Bytes: the 20-card view ${v?.bytes} B vs the all-watcher ${a?.bytes} B (${a && v ? round(a.bytes / Math.max(1, v.bytes), 1) : NaN}×); socket.io-client reports no wire size (0).`,
  ];
  return { rows, notes, met, counts: flat.filter((c): c is TrafficCounts => c !== undefined) };
}
