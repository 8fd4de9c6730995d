// docs/architecture.md is generated from the real import graph; these tests generate it into a temp
// file (never over docs/) and check that it draws the layers and stays byte-for-byte stable.

import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateArchitectureDoc, layerOf, renderArchitectureDoc, type ImportGraph } from '../../scripts/arch-graph.js';

function dependency(resolved: string, ...types: string[]): ImportGraph['modules'][number]['dependencies'][number] {
  return { resolved, dependencyTypes: ['import', ...types], couldNotResolve: false, coreModule: types.includes('core') };
}

const sample: ImportGraph = {
  modules: [
    { source: 'src/domain/card/sale-status.ts', dependencies: [] },
    { source: 'src/domain/card/card.ts', dependencies: [dependency('src/domain/card/sale-status.ts', 'local')] },
    { source: 'src/application/ports/clock.ts', dependencies: [] },
    {
      source: 'src/application/cards/get-card.ts',
      dependencies: [dependency('src/domain/card/card.ts', 'local'), dependency('src/application/ports/clock.ts', 'local', 'type-only')],
    },
    { source: 'src/contract/wire.ts', dependencies: [] },
    {
      source: 'src/adapters/http/cards-route.ts',
      dependencies: [
        dependency('src/application/cards/get-card.ts', 'local', 'type-only'),
        dependency('src/contract/wire.ts', 'local', 'type-only'),
        dependency('node_modules/koa/lib/application.js', 'npm'),
      ],
    },
    { source: 'src/adapters/clock/system-clock.ts', dependencies: [dependency('src/application/ports/clock.ts', 'local', 'type-only')] },
    {
      source: 'src/bootstrap/main.ts',
      dependencies: [
        dependency('src/adapters/http/cards-route.ts', 'local'),
        dependency('src/adapters/clock/system-clock.ts', 'local'),
        dependency('node:http', 'core'),
      ],
    },
    { source: 'packages/live-cards-client/src/wire.ts', dependencies: [dependency('src/contract/wire.ts', 'local', 'type-only')] },
    { source: 'web/page/main.ts', dependencies: [dependency('packages/live-cards-client/dist/index.js', 'aliased', 'aliased-workspace', 'local')] },
    { source: 'node_modules/koa/lib/application.js', dependencies: [] },
  ],
};

describe('architecture: docs/architecture.md generator', function () {
  it('places each path in its layer', function () {
    expect(layerOf('src/domain/card/card.ts')).to.equal('domain');
    expect(layerOf('src/adapters/persistence/x/y.ts')).to.equal('adapters/persistence');
    expect(layerOf('src/contract/wire.ts')).to.equal('contract');
    expect(layerOf('web/page/main.ts')).to.equal('web');
    expect(layerOf('packages/live-cards-client/src/wire.ts')).to.equal('client');
    expect(layerOf('packages/live-cards-client/dist/index.js')).to.equal('client');
    expect(layerOf('node_modules/koa/lib/application.js')).to.equal('npm');
    expect(layerOf('test/unit/x.test.ts')).to.equal(null);
  });

  it('draws the layer edges that exist, type-only ones dotted, with import counts', function () {
    const doc = renderArchitectureDoc(sample, [{ name: 'no-circular', comment: 'No cycles.' }]);
    expect(doc).to.include('layer_application -->|1| layer_domain');
    expect(doc).to.include('layer_adapters_http -.->|1| layer_application');
    expect(doc).to.include('layer_adapters_http -->|1| layer_npm');
    expect(doc).to.include('layer_web -->|1| layer_client');
    expect(doc).to.include('layer_client -.->|1| layer_contract');
    expect(doc).to.not.include('layer_web -.->|1| layer_contract');
    expect(doc).to.include('layer_bootstrap -->|1| layer_builtins');
    expect(doc).to.include('subgraph inbound["inbound"]');
    expect(doc).to.not.match(/layer_domain -/);
    expect(doc).to.include('| `no-circular` | No cycles. |');
  });

  it('groups modules by folder and leaves npm packages out of the module graph', function () {
    const doc = renderArchitectureDoc(sample, []);
    expect(doc).to.include('subgraph dir_src_domain_card["src/domain/card"]');
    expect(doc).to.include('m_src_domain_card_card_ts["card.ts"]');
    expect(doc).to.include('m_src_domain_card_card_ts --> m_src_domain_card_sale_status_ts');
    expect(doc).to.include('m_src_application_cards_get_card_ts -.-> m_src_application_ports_clock_ts');
    expect(doc).to.not.include('m_node_modules');
  });

  it('renders the same text whatever order the modules come in', function () {
    const reversed: ImportGraph = { modules: [...sample.modules].reverse() };
    expect(renderArchitectureDoc(reversed, [])).to.equal(renderArchitectureDoc(sample, []));
  });

  describe('on the real project', function () {
    // dependency-cruiser reads the whole tree: seconds on a busy machine, more than mocha's default.
    this.timeout(60_000);
    let dir = '';

    before(function () {
      dir = mkdtempSync(path.join(os.tmpdir(), 'arch-graph-'));
    });

    after(function () {
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('writes both diagrams with every layer node, and is deterministic', async function () {
      const outFile = path.join(dir, 'architecture.md');
      const markdown = await generateArchitectureDoc({ outFile });
      expect(readFileSync(outFile, 'utf8')).to.equal(markdown);
      expect(markdown.match(/```mermaid/g)).to.have.length(2);
      for (const layer of ['web', 'bootstrap', 'application', 'domain', 'contract']) {
        expect(markdown).to.match(new RegExp(`layer_${layer}\\["${layer}<br/>\\d+ files?"\\]`));
      }
      expect(markdown).to.match(/layer_client\["live-cards-client<br\/>\d+ files"\]/);
      expect(markdown).to.include('flowchart LR');
      expect(markdown).to.include('`no-circular`');
      expect(await generateArchitectureDoc({ outFile: path.join(dir, 'again.md') })).to.equal(markdown);
    });

    it('matches the committed docs/architecture.md (run `npm run arch:graph` after changing imports)', async function () {
      const committed = readFileSync(path.join(process.cwd(), 'docs', 'architecture.md'), 'utf8');
      const fresh = await generateArchitectureDoc({ outFile: path.join(dir, 'fresh.md') });
      const differing = fresh.split('\n').filter((line, i) => line !== committed.split('\n')[i]);
      expect(fresh === committed, `docs/architecture.md is stale; first differing lines:\n${differing.slice(0, 5).join('\n')}`).to.equal(true);
    });
  });
});
