// Builds the service-card page into dist/web/: index.html, app.js (web/page/main.ts bundled for
// browsers with the built client package it imports, live-cards-client, and socket.io-client) and
// app.css, with their source maps beside them. The server's static handler serves that folder at
// `/`. Run with `npm run build:web` (Node strips the types of this file itself).

import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type BuildOptions } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const source = path.join(root, 'web', 'page');
const out = path.join(root, 'dist', 'web');

const shared: BuildOptions = {
  bundle: true,
  minify: true,
  // Maps are written but not named in the bundles: the server serves them, and names them in a
  // `SourceMap` header, only when SERVE_SOURCE_MAPS is set (they hold the original TypeScript).
  sourcemap: 'external',
  target: ['chrome109', 'firefox115', 'safari16'],
  logLevel: 'warning',
  legalComments: 'none',
};

await mkdir(out, { recursive: true });
await Promise.all([
  build({
    ...shared,
    entryPoints: [path.join(source, 'main.ts')],
    outfile: path.join(out, 'app.js'),
    platform: 'browser',
    format: 'iife',
  }),
  build({ ...shared, entryPoints: [path.join(source, 'styles.css')], outfile: path.join(out, 'app.css') }),
  copyFile(path.join(source, 'index.html'), path.join(out, 'index.html')),
]);
console.log(`web page built into ${path.relative(root, out)}/ (index.html, app.js, app.css)`);
