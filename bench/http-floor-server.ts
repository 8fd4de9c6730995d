// Bench-only HTTP floor: a bare koa app (the service's koa version, no middleware) that answers
// GET /floor/<name> with a precomputed body — the exact bytes the service returned for that search
// variant. What it sustains is what Node + koa + loopback HTTP cost alone on this machine, the
// ceiling the real search is measured against. Bodies come from the JSON file named by FLOOR_BODIES.

import { readFileSync } from 'node:fs';
import Koa from 'koa';

const bodies = new Map<string, Buffer>(
  Object.entries(JSON.parse(readFileSync(process.env.FLOOR_BODIES as string, 'utf8')) as Record<string, string>).map(([name, body]) => [
    `/floor/${name}`,
    Buffer.from(body, 'utf8'),
  ]),
);

const app = new Koa();
app.use((ctx) => {
  if (ctx.path === '/ready') {
    ctx.body = 'ok';
    return;
  }
  const body = bodies.get(ctx.path);
  if (!body) {
    ctx.status = 404;
    return;
  }
  ctx.type = 'application/json; charset=utf-8';
  ctx.body = body;
});
app.listen(Number(process.env.PORT), '127.0.0.1');
// A graceful exit on SIGTERM, so `--cpu-prof` (bench:http-profile) writes its profile.
process.once('SIGTERM', () => process.exit(0));
