// `npm run bench:payload` — bytes on the wire per transition as the catalogue grows (100, 1 000,
// 10 000 concerts): the service's delta event (only the changed card) beside the original design's
// full-catalogue refresh (every card, as the polling loop broadcast it). One instance, one client.
// At each size one concert is created to open 3 s later; the client captures the real
// SALE_STATUS_TRANSITION event. The baseline is built from the very cards the API returns for the
// whole catalogue (search pages of 100), wrapped in the same envelope. Wire bytes are the Socket.IO
// text frame: `42/concerts,` + JSON.stringify([event name, payload]).

import { io } from 'socket.io-client';
import { seedCatalogue } from './lib/catalogue-seed.js';
import { uniqueRedisPrefix } from './lib/database.js';
import { adminHeaders, startInstance } from './lib/processes.js';
import { writeResults, type Row } from './lib/report.js';
import { round } from './lib/stats.js';
import { benchRun } from './lib/bench-run.js';

const SIZES = (process.env.BENCH_SIZES ?? '100,1000,10000').split(',').map(Number);
const FRAME_PREFIX = '42/concerts,';

function frameBytes(payload: unknown): number {
  return Buffer.byteLength(FRAME_PREFIX + JSON.stringify(['CONCERTS_REFRESH', payload]));
}

async function main(): Promise<void> {
  await benchRun(async ({ database }) => {
    const service = await startInstance('payload-1', { DATABASE_URL: database.url, REDIS_KEY_PREFIX: uniqueRedisPrefix('payload') });
    const socket = io(`${service.baseUrl}/concerts`, { transports: ['websocket'], forceNew: true });
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    const rows: Row[] = [];
    let seeded = 0;
    for (const size of SIZES) {
      // size - 1 seeded concerts plus the one that opens during the measurement
      await seedCatalogue(database.url, size - 1 - seeded);
      seeded = size - 1;
      const transition = new Promise<Record<string, unknown>>((resolve) => {
        const onRefresh = (event: Record<string, unknown>) => {
          if (event.reason !== 'SALE_STATUS_TRANSITION') return;
          socket.off('CONCERTS_REFRESH', onRefresh);
          resolve(event);
        };
        socket.on('CONCERTS_REFRESH', onRefresh);
      });
      const response = await fetch(`${service.baseUrl}/api/admin/concerts`, {
        method: 'POST',
        headers: adminHeaders(),
        body: JSON.stringify({ title: `Payload probe ${size}`, artistName: 'Probe', totalSeatCount: 100, generalSaleStartAt: new Date(Date.now() + 3_000).toISOString() }),
      });
      if (response.status !== 201) throw new Error(`create failed ${response.status}`);
      const event = await transition;
      seeded += 1;
      const cards: unknown[] = [];
      for (let page = 0; ; page += 1) {
        const body = (await (await fetch(`${service.baseUrl}/api/concerts/search?page=${page}&size=100`)).json()) as { items: unknown[]; hasNext: boolean };
        cards.push(...body.items);
        if (!body.hasNext) break;
      }
      const full = { ...event, items: cards };
      const delta = frameBytes(event);
      const baseline = frameBytes(full);
      rows.push({
        concerts: cards.length,
        'delta event bytes': delta,
        'cards in delta': (event.items as unknown[]).length,
        'full-catalogue refresh bytes': baseline,
        'full / delta': round(baseline / delta, 0),
      });
      process.stdout.write(`${cards.length} concerts: delta ${delta} B, full catalogue ${baseline} B\n`);
    }
    socket.disconnect();
    const deltas = rows.map((r) => r['delta event bytes'] as number);
    const flat = Math.max(...deltas) - Math.min(...deltas) <= 0.05 * Math.min(...deltas);
    writeResults('payload', 'npm run bench:payload', [{
      title: 'Bytes on the wire per transition (one Socket.IO text frame)',
      rows,
      notes: [
        `Target: flat for the delta event — ${flat ? 'met' : 'MISSED'} (spread ${Math.max(...deltas) - Math.min(...deltas)} B).`,
        'Full-catalogue refresh: the same envelope with every card of the catalogue (read through the search API), as the original 1 s polling design broadcast on any change; that is per message, and it was sent to every client.',
        'Sizes are before WebSocket compression (the service does not enable permessage-deflate).',
      ],
    }], { rows });
  });
}

await main();
