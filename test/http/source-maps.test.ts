// Source maps hold the page's original TypeScript: they are served only when SERVE_SOURCE_MAPS asks
// for it, and the built bundle does not point at a map by itself (a `SourceMap` response header
// does, when maps are served), so a browser asks for none it cannot have.

import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { fakeDeps, startApp, type RunningApp } from './http-fixture.js';

const BUILT_WEB = fileURLToPath(new URL('../../web/', import.meta.url));

describe('HTTP source maps', () => {
  let root: string;
  let app: RunningApp | undefined;

  before(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'http-maps-'));
    await mkdir(path.join(root, 'client'));
    await writeFile(path.join(root, 'app.js'), 'console.log(1);');
    await writeFile(path.join(root, 'app.js.map'), '{"version":3,"sources":["main.ts"]}');
    await writeFile(path.join(root, 'app.css'), 'body{}');
    await writeFile(path.join(root, 'app.css.map'), '{"version":3}');
    await writeFile(path.join(root, 'client', 'card-store.js.map'), '{"version":3}');
    await writeFile(path.join(root, 'no-map.js'), 'console.log(2);');
  });
  after(() => rm(root, { recursive: true, force: true }));
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('serves no map, and names none, by default', async () => {
    app = await startApp(fakeDeps({ staticDir: root }).deps);
    for (const map of ['/app.js.map', '/app.css.map', '/client/card-store.js.map', '/APP.JS.MAP']) {
      const response = await fetch(`${app.url}${map}`);
      expect(response.status, map).to.equal(404);
      expect(await response.text(), map).not.to.contain('main.ts');
    }
    const script = await fetch(`${app.url}/app.js`);
    expect(script.status).to.equal(200);
    expect(script.headers.get('sourcemap')).to.equal(null);
  });

  it('serves maps when configured, and points each bundle at its map with a SourceMap header', async () => {
    app = await startApp(fakeDeps({ staticDir: root, serveSourceMaps: true }).deps);
    const map = await fetch(`${app.url}/app.js.map`);
    expect(map.status).to.equal(200);
    expect(map.headers.get('content-type')).to.equal('application/json; charset=utf-8');
    expect(await map.json()).to.deep.equal({ version: 3, sources: ['main.ts'] });
    expect((await fetch(`${app.url}/app.js`)).headers.get('sourcemap')).to.equal('app.js.map');
    expect((await fetch(`${app.url}/app.css`)).headers.get('sourcemap')).to.equal('app.css.map');
    expect((await fetch(`${app.url}/no-map.js`)).headers.get('sourcemap'), 'no map, no header').to.equal(null);
  });

  it('builds bundles that do not name their map themselves', async () => {
    for (const bundle of ['app.js', 'app.css']) {
      const text = await readFile(path.join(BUILT_WEB, bundle), 'utf8');
      expect(text, bundle).not.to.match(/sourceMappingURL/);
    }
  });
});
