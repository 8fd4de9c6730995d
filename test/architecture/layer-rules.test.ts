// The layer rules of .dependency-cruiser.js must bite: a check that can never fail proves nothing.
// Deliberately wrong (and deliberately right) fixture modules are written into a throw-away project
// in the OS temp directory — never into src/, where other work is going on — with the real config,
// tsconfig and package.json, and the real CLI is run over it. Then the real tree must be clean.

import { expect } from 'chai';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ICruiseResult } from 'dependency-cruiser';
import { describeViolations, projectRoot, runDepcruise } from './depcruise-cli.js';

interface Fixture {
  readonly file: string;
  readonly source: string;
  /** Rule names expected on violations from this file; empty for an import the table allows. */
  readonly rules: readonly string[];
}

const F = '__arch_fixture__';
/** Read by .dependency-cruiser.js for the client package's published entry points. */
const CLIENT_MANIFEST = 'packages/live-cards-client/package.json';

const fixtures: readonly Fixture[] = [
  // allowed: the shape a healthy tree has
  { file: `src/domain/${F}/price.ts`, source: 'export const price = 1;\n', rules: [] },
  {
    file: `src/domain/${F}/uses-price.ts`,
    source: `import { price } from './price.js';\nexport const twice = price * 2;\n`,
    rules: [],
  },
  {
    file: `src/application/${F}/port.ts`,
    source: 'export interface FixtureClock {\n  now(): number;\n}\n',
    rules: [],
  },
  {
    file: `src/application/${F}/use-case.ts`,
    source:
      `import { price } from '../../domain/${F}/price.js';\nimport type { FixtureClock } from './port.js';\n` +
      'export const useCase = (clock: FixtureClock) => price + clock.now();\n',
    rules: [],
  },
  {
    file: `src/application/ports/inbound/${F}/query.ts`,
    source: 'export interface FixtureQuery {\n  execute(): Promise<number>;\n}\n',
    rules: [],
  },
  {
    file: `src/application/ports/outbound/${F}/store.ts`,
    source: 'export interface FixtureStore {\n  read(): Promise<number>;\n}\n',
    rules: [],
  },
  { file: 'src/application/ports/clock.ts', source: 'export interface Clock {\n  now(): number;\n}\n', rules: [] },
  {
    file: 'src/application/ports/outbound/live-event-publisher.ts',
    source: 'export interface LiveEventPublisher {\n  publish(event: unknown): Promise<void>;\n}\n',
    rules: [],
  },
  {
    file: `src/application/cards/${F}/query-use-case.ts`,
    source:
      `import type { FixtureQuery } from '../../ports/inbound/${F}/query.js';\nimport type { FixtureStore } from '../../ports/outbound/${F}/store.js';\n` +
      'export const make = (store: FixtureStore): FixtureQuery => ({ execute: () => store.read() });\n',
    rules: [],
  },
  { file: 'src/domain/card/card.ts', source: 'export interface Card {\n  id: number;\n}\nexport const buildCard = (id: number): Card => ({ id });\n', rules: [] },
  {
    file: 'src/domain/card/card-state.ts',
    source: `import { buildCard, type Card } from './card.js';\nexport const currentCard = (id: number): Card => buildCard(id);\n`,
    rules: [],
  },
  {
    file: `src/application/admin/${F}/types-a-card.ts`,
    source: `import type { Card } from '../../../domain/card/card.js';\nimport { currentCard } from '../../../domain/card/card-state.js';\nexport const show = (): Card => currentCard(1);\n`,
    rules: [],
  },
  { file: `src/contract/${F}/wire.ts`, source: 'export interface WireCard {\n  id: number;\n}\n', rules: [] },
  { file: 'src/contract/protocol.ts', source: 'export const PROTOCOL_VERSION = 1;\n', rules: [] },
  { file: `src/contract/${F}/schema.ts`, source: `import { z } from 'zod';\nexport const wireCard = z.object({ id: z.int() });\n`, rules: [] },
  {
    file: `src/contract/${F}/envelope.ts`,
    source: `import type { WireCard } from './wire.js';\nexport interface Envelope {\n  card: WireCard;\n}\n`,
    rules: [],
  },
  {
    file: `src/adapters/persistence/${F}/repo.ts`,
    source:
      `import pg from 'pg';\nimport { readFile } from 'node:fs/promises';\n` +
      `import { price } from '../../../domain/${F}/price.js';\n` +
      `import type { FixtureStore } from '../../../application/ports/outbound/${F}/store.js';\n` +
      `import type { Clock } from '../../../application/ports/clock.js';\n` +
      `import type { WireCard } from '../../../contract/${F}/wire.js';\n` +
      'export const repo = { pg, readFile, price, card: (c: WireCard, k: Clock, s: FixtureStore) => [c, k, s] };\n',
    rules: [],
  },
  {
    file: `src/adapters/persistence/${F}/uses-repo.ts`,
    source: `import { repo } from './repo.js';\nexport const again = repo;\n`,
    rules: [],
  },
  {
    file: `src/adapters/http/${F}/router.ts`,
    source:
      `import Koa from 'koa';\nimport type { FixtureQuery } from '../../../application/ports/inbound/${F}/query.js';\n` +
      `import type { Clock } from '../../../application/ports/clock.js';\n` +
      'export const router = (query: FixtureQuery, clock: Clock) => ({ Koa, query, clock });\n',
    rules: [],
  },
  {
    file: `src/adapters/realtime/${F}/publisher.ts`,
    source:
      `import type { LiveEventPublisher } from '../../../application/ports/outbound/live-event-publisher.js';\n` +
      `import type { FixtureQuery } from '../../../application/ports/inbound/${F}/query.js';\n` +
      'export const gateway = (status: FixtureQuery): LiveEventPublisher => ({ publish: async () => void status });\n',
    rules: [],
  },
  {
    file: `src/bootstrap/${F}/root.ts`,
    source:
      `import { Container } from 'inversify';\nimport { repo } from '../../adapters/persistence/${F}/repo.js';\n` +
      `import { router } from '../../adapters/http/${F}/router.js';\nimport { price } from '../../domain/${F}/price.js';\n` +
      'export const start = () => [new Container(), repo, router, price];\n',
    rules: [],
  },
  {
    file: `src/bootstrap/${F}/main.ts`,
    source: `import { start } from './root.js';\nstart();\n`,
    rules: [],
  },
  {
    file: `test/${F}/boots.test.ts`,
    source: `import { start } from '../../src/bootstrap/${F}/root.js';\nstart();\n`,
    rules: [],
  },
  {
    file: `packages/live-cards-client/src/wire.ts`,
    source: `export type { WireCard } from '../../../src/contract/${F}/wire.js';\nexport { PROTOCOL_VERSION } from '../../../src/contract/protocol.js';\n`,
    rules: [],
  },
  {
    file: `packages/live-cards-client/src/${F}/client.ts`,
    source:
      `import type { WireCard } from '../wire.js';\nimport { io } from 'socket.io-client';\nimport { useSyncExternalStore } from 'react';\n` +
      'export const client = (card: WireCard) => [io, card, useSyncExternalStore];\n',
    rules: [],
  },
  {
    file: `web/${F}/page.ts`,
    source:
      `import type { WireCard } from 'live-cards-client';\nimport { io } from 'socket.io-client';\n` +
      'export const connect = (card: WireCard) => [io, card];\n',
    rules: [],
  },

  // forbidden: one per rule (and per way of breaking it)
  {
    file: `src/domain/${F}/imports-adapter.ts`,
    source: `import { repo } from '../../adapters/persistence/${F}/repo.js';\nexport const x = repo;\n`,
    rules: ['domain-imports-only-domain'],
  },
  {
    file: `src/domain/${F}/imports-application.ts`,
    source: `import type { FixtureClock } from '../../application/${F}/port.js';\nexport type X = FixtureClock;\n`,
    rules: ['domain-imports-only-domain'],
  },
  {
    file: `src/domain/${F}/imports-contract.ts`,
    source: `import type { WireCard } from '../../contract/${F}/wire.js';\nexport type X = WireCard;\n`,
    rules: ['domain-imports-only-domain'],
  },
  {
    file: `src/domain/${F}/imports-pg.ts`,
    source: `import pg from 'pg';\nexport const x = pg;\n`,
    rules: ['domain-no-npm-packages'],
  },
  {
    file: `src/domain/${F}/imports-zod-types.ts`,
    source: `import type { ZodType } from 'zod';\nexport type X = ZodType;\n`,
    rules: ['domain-no-npm-packages'],
  },
  {
    file: `src/domain/${F}/imports-crypto.ts`,
    source: `import { randomUUID } from 'node:crypto';\nexport const id = randomUUID;\n`,
    rules: ['domain-no-node-builtins'],
  },
  {
    file: `src/domain/${F}/gets-builtin.ts`,
    source: `export const fs = process.getBuiltinModule('node:fs');\n`,
    rules: ['domain-no-node-builtins'],
  },
  {
    file: `src/domain/${F}/imports-missing.ts`,
    source: `import { nothing } from './does-not-exist.js';\nexport const x = nothing;\n`,
    rules: ['domain-imports-only-domain', 'not-to-unresolvable'],
  },
  {
    file: `src/application/${F}/imports-fs.ts`,
    source: `import { readFileSync } from 'node:fs';\nexport const read = readFileSync;\n`,
    rules: ['application-no-node-builtins'],
  },
  {
    file: `src/application/${F}/imports-zod.ts`,
    source: `import { z } from 'zod';\nexport const schema = z.string();\n`,
    rules: ['application-no-npm-packages'],
  },
  {
    file: `src/application/${F}/imports-adapter.ts`,
    source: `import { router } from '../../adapters/http/${F}/router.js';\nexport const x = router;\n`,
    rules: ['application-imports-only-domain-and-application'],
  },
  {
    file: `src/application/${F}/imports-contract.ts`,
    source: `import type { WireCard } from '../../contract/${F}/wire.js';\nexport type X = WireCard;\n`,
    rules: ['application-imports-only-domain-and-application'],
  },
  {
    file: `src/contract/${F}/imports-domain.ts`,
    source: `import type { price } from '../../domain/${F}/price.js';\nexport type X = typeof price;\n`,
    rules: ['contract-imports-only-contract-and-zod'],
  },
  {
    file: `src/contract/${F}/imports-npm.ts`,
    source: `import type { Pool } from 'pg';\nexport type X = Pool;\n`,
    rules: ['contract-imports-only-contract-and-zod'],
  },
  {
    file: `src/adapters/http/${F}/imports-use-case.ts`,
    source: `import { useCase } from '../../../application/${F}/use-case.js';\nexport const x = useCase;\n`,
    rules: ['http-reaches-the-application-through-inbound-ports'],
  },
  {
    file: `src/adapters/http/${F}/imports-outbound-port.ts`,
    source: `import type { FixtureStore } from '../../../application/ports/outbound/${F}/store.js';\nexport type X = FixtureStore;\n`,
    rules: ['http-reaches-the-application-through-inbound-ports'],
  },
  {
    file: `src/adapters/realtime/${F}/imports-outbound-port.ts`,
    source: `import type { FixtureStore } from '../../../application/ports/outbound/${F}/store.js';\nexport type X = FixtureStore;\n`,
    rules: ['realtime-reaches-the-application-through-its-ports'],
  },
  {
    file: `src/adapters/persistence/${F}/imports-use-case.ts`,
    source: `import { useCase } from '../../../application/${F}/use-case.js';\nexport const x = useCase;\n`,
    rules: ['outbound-adapters-reach-only-outbound-ports'],
  },
  {
    file: `src/adapters/scheduling/${F}/imports-inbound-port.ts`,
    source: `import type { FixtureQuery } from '../../../application/ports/inbound/${F}/query.js';\nexport type X = FixtureQuery;\n`,
    rules: ['outbound-adapters-reach-only-outbound-ports'],
  },
  {
    file: `src/application/admin/${F}/calls-another-use-case.ts`,
    source: `import { make } from '../../cards/${F}/query-use-case.js';\nexport const x = make;\n`,
    rules: ['use-cases-never-import-use-cases'],
  },
  {
    file: `src/application/${F}/builds-a-card.ts`,
    source: `import { buildCard } from '../../domain/card/card.js';\nexport const card = buildCard(1);\n`,
    rules: ['cards-are-built-only-in-the-domain'],
  },
  {
    file: `src/adapters/http/${F}/builds-a-card.ts`,
    source: `import { buildCard } from '../../../domain/card/card.js';\nexport const card = buildCard(1);\n`,
    rules: ['cards-are-built-only-in-the-domain'],
  },
  {
    file: `src/adapters/http/${F}/imports-persistence.ts`,
    source: `import { repo } from '../../persistence/${F}/repo.js';\nexport const x = repo;\n`,
    rules: ['adapter-imports-only-own-folder'],
  },
  {
    file: `src/adapters/realtime/${F}/imports-http.ts`,
    source: `import { router } from '../../http/${F}/router.js';\nexport const x = router;\n`,
    rules: ['adapter-imports-only-own-folder'],
  },
  {
    file: `src/adapters/http/${F}/imports-bootstrap.ts`,
    source: `import { start } from '../../../bootstrap/${F}/root.js';\nexport const x = start;\n`,
    rules: ['only-bootstrap-imports-bootstrap'],
  },
  {
    file: `scripts/${F}/imports-bootstrap.ts`,
    source: `import { start } from '../../src/bootstrap/${F}/root.js';\nstart();\n`,
    rules: ['only-bootstrap-imports-bootstrap'],
  },
  {
    file: `src/adapters/http/${F}/imports-web.ts`,
    source: `import { connect } from '../../../../web/${F}/page.js';\nexport const x = connect;\n`,
    rules: ['src-not-to-web'],
  },
  {
    file: `src/adapters/http/${F}/imports-client-package.ts`,
    source: `import { client } from '../../../../packages/live-cards-client/src/${F}/client.js';\nexport const x = client;\n`,
    rules: ['src-not-to-web'],
  },
  {
    file: `packages/live-cards-client/src/${F}/imports-contract-directly.ts`,
    source: `import type { WireCard } from '../../../../src/contract/${F}/wire.js';\nexport type X = WireCard;\n`,
    rules: ['client-package-reaches-the-contract-through-its-wire-module'],
  },
  {
    file: `packages/live-cards-client/src/${F}/imports-a-schema.ts`,
    source: `import { wireCard } from '../../../../src/contract/${F}/schema.js';\nexport const x = wireCard;\n`,
    rules: ['client-package-reaches-the-contract-through-its-wire-module', 'client-package-takes-only-types-from-the-contract'],
  },
  {
    file: `packages/live-cards-client/src/${F}/imports-domain.ts`,
    source: `import type { price } from '../../../../src/domain/${F}/price.js';\nexport type X = typeof price;\n`,
    rules: ['client-package-imports-only-itself-and-the-contract'],
  },
  {
    file: `packages/live-cards-client/src/${F}/imports-node.ts`,
    source: `import { readFile } from 'node:fs/promises';\nexport const x = readFile;\n`,
    rules: ['client-package-no-node-builtins'],
  },
  {
    file: `packages/live-cards-client/src/${F}/imports-koa.ts`,
    source: `import Koa from 'koa';\nexport const x = Koa;\n`,
    rules: ['client-package-only-peer-packages'],
  },
  {
    file: `web/${F}/value-import-from-contract.ts`,
    source: `import { WireCard } from '../../src/contract/${F}/wire.js';\nexport type X = WireCard;\n`,
    rules: ['web-not-to-server-code'],
  },
  {
    file: `web/${F}/types-from-contract.ts`,
    source: `import type { WireCard } from '../../src/contract/${F}/wire.js';\nexport type X = WireCard;\n`,
    rules: ['web-not-to-server-code'],
  },
  {
    file: `web/${F}/imports-client-source.ts`,
    source: `import { client } from '../../packages/live-cards-client/src/${F}/client.js';\nexport const x = client;\n`,
    rules: ['web-imports-the-client-package-by-name', 'web-uses-only-the-client-package-exports'],
  },
  {
    file: `web/${F}/imports-client-build-by-path.ts`,
    source: `import { LiveCardsClient } from '../../packages/live-cards-client/dist/index.js';\nexport const x = LiveCardsClient;\n`,
    rules: ['web-imports-the-client-package-by-name'],
  },
  {
    file: `web/${F}/deep-imports-the-client-package.ts`,
    source: `import { CardStore } from 'live-cards-client/dist/card-store.js';\nexport const x = CardStore;\n`,
    rules: ['not-to-unresolvable'],
  },
  {
    file: `web/${F}/imports-domain.ts`,
    source: `import type { price } from '../../src/domain/${F}/price.js';\nexport type X = typeof price;\n`,
    rules: ['web-not-to-server-code'],
  },
  {
    file: `web/${F}/imports-application.js`,
    source: `import { useCase } from '../../src/application/${F}/use-case.js';\nexport const x = useCase;\n`,
    rules: ['web-not-to-server-code'],
  },
  {
    file: `web/${F}/imports-node.ts`,
    source: `import { readFile } from 'node:fs/promises';\nexport const x = readFile;\n`,
    rules: ['web-no-node-builtins'],
  },
  {
    file: `web/${F}/imports-koa.ts`,
    source: `import Koa from 'koa';\nexport const x = Koa;\n`,
    rules: ['web-only-browser-packages'],
  },
];

/** Two import cycles, one through values and one through types only; a cycle is reported once. */
const cycles: ReadonlyArray<readonly [Fixture, Fixture]> = [
  [
    { file: `src/domain/${F}/cycle-a.ts`, source: `import { b } from './cycle-b.js';\nexport const a = () => b;\n`, rules: [] },
    { file: `src/domain/${F}/cycle-b.ts`, source: `import { a } from './cycle-a.js';\nexport const b = () => a;\n`, rules: [] },
  ],
  [
    {
      file: `src/application/${F}/type-cycle-a.ts`,
      source: `import type { B } from './type-cycle-b.js';\nexport interface A {\n  b: B;\n}\n`,
      rules: [],
    },
    {
      file: `src/application/${F}/type-cycle-b.ts`,
      source: `import type { A } from './type-cycle-a.js';\nexport interface B {\n  a: A;\n}\n`,
      rules: [],
    },
  ],
];

function rulesFrom(result: ICruiseResult, file: string): string[] {
  const names = result.summary.violations.filter((v) => v.from === file).map((v) => v.rule.name);
  return [...new Set(names)].sort();
}

describe('architecture: dependency-cruiser layer rules', function () {
  // dependency-cruiser reads the whole tree: seconds on a busy machine, more than mocha's default.
  this.timeout(60_000);
  let fixtureRoot = '';
  let result: ICruiseResult;

  before(async function () {
    fixtureRoot = mkdtempSync(path.join(os.tmpdir(), 'arch-fixture-'));
    for (const file of ['.dependency-cruiser.js', 'tsconfig.json', 'package.json', CLIENT_MANIFEST]) {
      mkdirSync(path.dirname(path.join(fixtureRoot, file)), { recursive: true });
      copyFileSync(path.join(projectRoot, file), path.join(fixtureRoot, file));
    }
    // The project's packages, but `live-cards-client` linked to the fixture's own copy, as npm's
    // workspace link is in the real tree; its built entry points are stubs (only resolution matters).
    mkdirSync(path.join(fixtureRoot, 'node_modules'));
    for (const entry of readdirSync(path.join(projectRoot, 'node_modules'))) {
      if (entry !== 'live-cards-client') symlinkSync(path.join(projectRoot, 'node_modules', entry), path.join(fixtureRoot, 'node_modules', entry));
    }
    symlinkSync('../packages/live-cards-client', path.join(fixtureRoot, 'node_modules', 'live-cards-client'), 'dir');
    for (const stub of ['dist/index.js', 'dist/index.d.ts']) {
      mkdirSync(path.join(fixtureRoot, 'packages/live-cards-client/dist'), { recursive: true });
      writeFileSync(path.join(fixtureRoot, 'packages/live-cards-client', stub), 'export const LiveCardsClient = 1;\n');
    }
    for (const fixture of [...fixtures, ...cycles.flat()]) {
      const target = path.join(fixtureRoot, fixture.file);
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, fixture.source);
    }
    result = await runDepcruise(fixtureRoot, ['src', 'web', 'packages/live-cards-client/src', 'test', 'scripts']);
  });

  after(function () {
    if (fixtureRoot) rmSync(fixtureRoot, { recursive: true, force: true });
  });

  it('resolves a `.js` specifier in a .ts file to the .ts module', function () {
    const module = result.modules.find((m) => m.source === `src/domain/${F}/uses-price.ts`);
    expect(module, 'fixture module cruised').to.not.equal(undefined);
    const dependency = module?.dependencies.find((d) => d.module === './price.js');
    expect(dependency?.resolved).to.equal(`src/domain/${F}/price.ts`);
    expect(dependency?.couldNotResolve).to.equal(false);
  });

  it('resolves npm packages as npm dependencies', function () {
    const module = result.modules.find((m) => m.source === `src/adapters/persistence/${F}/repo.ts`);
    const pg = module?.dependencies.find((d) => d.module === 'pg');
    expect(pg?.resolved).to.match(/(^|\/)node_modules\/pg\//);
    expect(pg?.dependencyTypes).to.include('npm');
  });

  for (const fixture of fixtures) {
    const verdict = fixture.rules.length === 0 ? 'is allowed' : `breaks ${fixture.rules.join(' + ')}`;
    it(`${fixture.file} ${verdict}`, function () {
      expect(rulesFrom(result, fixture.file), describeViolations(result)).to.deep.equal([...fixture.rules].sort());
    });
  }

  for (const [a, b] of cycles) {
    it(`${a.file} <-> ${b.file} breaks no-circular`, function () {
      const reported = result.summary.violations.filter(
        (v) => v.rule.name === 'no-circular' && [a.file, b.file].includes(v.from),
      );
      expect(reported, describeViolations(result)).to.have.length(1);
      expect(reported[0]?.cycle?.map((step) => step.name)).to.have.members([a.file, b.file]);
    });
  }

  it('reports every violation as an error, so lint:arch fails', function () {
    expect(result.summary.violations.length).to.be.greaterThan(0);
    expect(result.summary.error).to.equal(result.summary.violations.length);
  });
});

describe('architecture: the real tree', function () {
  // dependency-cruiser reads the whole tree: seconds on a busy machine, more than mocha's default.
  this.timeout(60_000);
  let result: ICruiseResult;

  before(async function () {
    result = await runDepcruise(projectRoot, ['src', 'web', 'packages/live-cards-client/src']);
  });

  it('has no dependency violations in src, web and the client package', function () {
    expect(result.summary.violations, describeViolations(result)).to.deep.equal([]);
  });

  it('resolves its own imports (no rule passes just because nothing resolved)', function () {
    const local = result.modules.flatMap((m) => m.dependencies).filter((d) => d.dependencyTypes.includes('local'));
    expect(local.length, 'local imports found').to.be.greaterThan(0);
    const unresolved = local.filter((d) => d.couldNotResolve || !/\.(ts|js|mts|cts|mjs|cjs)$/.test(d.resolved));
    expect(unresolved.map((d) => d.module)).to.deep.equal([]);
  });
});
