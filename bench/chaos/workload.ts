// The traffic of a chaos run, the whole time, through the balancer:
// - a sale opening every ~400 ms (start 2.5–8 s ahead), and every 4 s a concert whose 1 h or 5 min
//   boundary comes a few seconds later;
// - a dozen long-lived "anchor" concerts the few-ids clients watch, whose sale starts the editor
//   moves (into the next seconds, back into the future once open);
// - admin edits moving pending sale starts, some in the last second before the start;
// - buyers on open sales (reservations.ts);
// - a realtime mode switch (hybrid, polling, back to websocket) now and then;
// - removal of concerts whose moment has passed, so the catalogue stays within one snapshot page;
//   the seats of a concert are read from PostgreSQL (no buyer still running on it) just before.

import type pg from 'pg';
import type { Http } from './http.js';
import { Buyers } from './reservations.js';
import { between, pick, type Random } from './schedule.js';

type Role = 'regular' | 'anchor' | 'boundary';

interface Concert {
  readonly id: number;
  readonly role: Role;
  opensAt: number;
  /** The instant after which it may be removed. */
  readonly removeAfter: number;
  closing: boolean;
  /** Seats as last read once no buyer runs on it (final: none starts once it is closing). */
  seats?: { id: number; total: number; available: number };
}

export interface Workload {
  readonly buyers: Buyers;
  readonly anchors: () => number[];
  readonly modes: (readonly [number, string])[];
  readonly seatsBeforeRemoval: { id: number; total: number; available: number }[];
  start(): Promise<void>;
  stop(): Promise<void>;
}

const ANCHORS = 12;

export function createWorkload(http: Http, db: pg.Client, random: Random): Workload {
  const concerts = new Map<number, Concert>();
  const buyers = new Buyers(http, random);
  const modes: (readonly [number, string])[] = [];
  const seatsBeforeRemoval: { id: number; total: number; available: number }[] = [];
  let running = false;
  let made = 0;
  const loops: Promise<void>[] = [];

  const create = async (role: Role, opensAt: number, removeAfter: number) => {
    made += 1;
    const tag = made % 2 === 0 ? 'alpha' : 'beta';
    const answer = await http.call('POST', '/api/admin/concerts', {
      admin: true,
      body: { title: `Chaos ${made} ${tag}`, artistName: `Artist ${made % 7}`, totalSeatCount: between(random, 20, 60), generalSaleStartAt: new Date(opensAt).toISOString() },
    });
    if (answer.status !== 201) return;
    const id = (JSON.parse(answer.body) as { card: { id: number } }).card.id;
    concerts.set(id, { id, role, opensAt, removeAfter, closing: false });
  };

  const every = (meanMs: number, step: () => Promise<void>) => {
    loops.push(
      (async () => {
        while (running) {
          await new Promise((resolve) => setTimeout(resolve, between(random, meanMs / 2, (meanMs * 3) / 2)));
          if (running) await step().catch(() => undefined);
        }
      })(),
    );
  };

  const openings = async () => {
    const opensAt = Date.now() + between(random, 2_500, 8_000);
    await create('regular', opensAt, opensAt + between(random, 8_000, 14_000));
  };
  const boundaries = async () => {
    const ahead = random() < 0.5 ? 3_600_000 : 300_000;
    const at = Date.now() + between(random, 2_000, 6_000);
    await create('boundary', at + ahead, at + 8_000);
  };

  const edit = async () => {
    const now = Date.now();
    const pending = [...concerts.values()].filter((c) => !c.closing && c.role !== 'boundary' && c.opensAt > now);
    const reopen = [...concerts.values()].filter((c) => c.role === 'anchor' && c.opensAt < now - 5_000);
    let target: Concert;
    let opensAt: number;
    if (reopen.length > 0 && random() < 0.3) {
      target = pick(random, reopen);
      opensAt = now + between(random, 1_500, 6_000);
    } else if (pending.length > 0) {
      target = pick(random, pending);
      const lastSecond = target.opensAt - now < 1_500;
      opensAt = lastSecond ? target.opensAt + between(random, -400, 2_500) : now + between(random, 500, 6_000);
    } else return;
    const answer = await http.call('PUT', `/api/admin/concerts/${target.id}`, { admin: true, body: { generalSaleStartAt: new Date(opensAt).toISOString(), title: `Chaos ${target.id} edited ${target.id % 2 === 0 ? 'alpha' : 'beta'}` } });
    if (answer.status === 200) target.opensAt = opensAt;
  };

  const buy = async () => {
    const now = Date.now();
    const open = [...concerts.values()].filter((c) => !c.closing && c.role !== 'boundary' && c.opensAt <= now);
    if (open.length === 0) return;
    // Most buyers rush the newest openings; the rest go to the anchors.
    void buyers.buy(pick(random, open).id);
  };

  const remove = async () => {
    const now = Date.now();
    for (const concert of concerts.values()) {
      if (concert.role === 'anchor' || now < concert.removeAfter) continue;
      concert.closing = true;
      if (buyers.busy(concert.id)) continue;
      const seats = await db.query<{ total_seat_count: number; available_seat_count: number }>('select total_seat_count, available_seat_count from concert where id = $1', [concert.id]);
      const row = seats.rows[0];
      // Gone already: a DELETE whose answer was lost did remove it.
      if (row) concert.seats = { id: concert.id, total: row.total_seat_count, available: row.available_seat_count };
      const answer = row ? await http.call('DELETE', `/api/admin/concerts/${concert.id}`, { admin: true }) : { status: 404 };
      if (answer.status === 204 || answer.status === 404) {
        if (concert.seats) seatsBeforeRemoval.push(concert.seats);
        concerts.delete(concert.id);
      }
    }
  };

  const switchMode = async () => {
    const mode = random() < 0.65 ? 'hybrid' : 'polling';
    const set = async (next: string) => {
      for (let tries = 0; tries < 10; tries += 1) {
        const answer = await http.call('PUT', '/api/admin/realtime', { admin: true, body: { mode: next, hybridPollIntervalMillis: 2_000 } });
        if (answer.status === 200) {
          modes.push([Date.now(), next]);
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    };
    await set(mode);
    await new Promise((resolve) => setTimeout(resolve, between(random, 6_000, 15_000)));
    await set('websocket');
  };

  return {
    buyers,
    modes,
    seatsBeforeRemoval,
    anchors: () => [...concerts.values()].filter((c) => c.role === 'anchor').map((c) => c.id),
    start: async () => {
      running = true;
      for (let i = 0; i < ANCHORS; i += 1) await create('anchor', Date.now() + 2 * 3_600_000, Infinity);
      every(400, openings);
      every(4_000, boundaries);
      every(700, edit);
      every(150, buy);
      every(500, remove);
      every(50_000, switchMode);
    },
    stop: async () => {
      running = false;
      await Promise.all(loops);
      while ([...concerts.keys()].some((id) => buyers.busy(id))) await new Promise((resolve) => setTimeout(resolve, 100));
    },
  };
}
