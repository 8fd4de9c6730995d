// The layer table of docs/DESIGN.md as dependency-cruiser rules; `npm run lint:arch` fails on any
// violation. Every path is anchored (`^src/domain/`), and the layer rules are allow-lists
// (`pathNot`), so an import that resolves somewhere unexpected (or not at all) is still caught.
// test/architecture/layer-rules.test.ts proves each rule fires on a deliberately wrong fixture.

import { readFileSync } from 'node:fs';

/** The application's use-case folders: entry points reached through inbound ports. */
const USE_CASES = '^src/application/(cards|admin|reservations|stream)/';
/** The ports everyone may read: the clock, and the errors a dependency raises. */
const SHARED_PORTS = 'clock\\.ts$';

/** Dependency types that mean "an npm package", whatever package.json says about it. */
const NPM = ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-bundled', 'npm-no-pkg', 'npm-unknown'];
/** Dependency types that mean "a Node.js built-in module" (node:fs, fs, ...). */
const CORE = ['core'];
/** npm packages the browser code under web/ may import (extend when the page needs another one). */
const BROWSER_PACKAGES = ['socket\\.io-client', 'engine\\.io-client', '@socket\\.io/component-emitter'];
/** npm packages the client package may import: its peer dependencies. */
const CLIENT_PACKAGE_PEERS = [...BROWSER_PACKAGES, 'react'];

/** The client package, its sources, and the files its `exports` map publishes (read from its package.json). */
const CLIENT = '^packages/live-cards-client/';
const CLIENT_SRC = '^packages/live-cards-client/src/';
const clientManifest = JSON.parse(readFileSync(new URL('./packages/live-cards-client/package.json', import.meta.url), 'utf8'));
const CLIENT_ENTRY_FILES = Object.values(clientManifest.exports)
  .flatMap((target) => (typeof target === 'string' ? [target] : Object.values(target)))
  .map((file) => `^packages/live-cards-client/${file.replace(/^\.\//, '').replaceAll('.', '\\.')}$`);

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import cycles anywhere (type-only imports included).',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment:
        'Every import in src/, web/ and the client package must resolve to a file or package; an unresolved import would ' +
        'slip past the path rules. (web/ reaches the client package through its build: run `npm run build` first.)',
      from: { path: ['^src/', '^web/', CLIENT] },
      to: { couldNotResolve: true },
    },

    // domain: pure rules, imports only domain.
    {
      name: 'domain-imports-only-domain',
      severity: 'error',
      comment: 'src/domain imports only src/domain (not application, contract, adapters, bootstrap or web).',
      from: { path: '^src/domain/' },
      to: { pathNot: '^src/domain/', dependencyTypesNot: [...NPM, ...CORE] },
    },
    {
      name: 'domain-no-npm-packages',
      severity: 'error',
      comment: 'src/domain uses no npm package (not even types): it is plain TypeScript.',
      from: { path: '^src/domain/' },
      to: { dependencyTypes: NPM },
    },
    {
      name: 'domain-no-node-builtins',
      severity: 'error',
      comment: 'src/domain does no I/O: no node: built-ins. Time comes in as an argument.',
      from: { path: '^src/domain/' },
      to: { dependencyTypes: CORE },
    },

    // application: use cases and ports, imports domain and application.
    {
      name: 'application-imports-only-domain-and-application',
      severity: 'error',
      comment:
        'src/application imports only src/domain and src/application; adapters implement its ports, bootstrap wires them.',
      from: { path: '^src/application/' },
      to: { pathNot: '^src/(domain|application)/', dependencyTypesNot: [...NPM, ...CORE] },
    },
    {
      name: 'application-no-npm-packages',
      severity: 'error',
      comment: 'src/application uses no npm package (no framework, no DI decorators): it is plain TypeScript.',
      from: { path: '^src/application/' },
      to: { dependencyTypes: NPM },
    },
    {
      name: 'application-no-node-builtins',
      severity: 'error',
      comment: 'src/application does no I/O itself: no node: built-ins; it asks its ports.',
      from: { path: '^src/application/' },
      to: { dependencyTypes: CORE },
    },

    {
      name: 'use-cases-never-import-use-cases',
      severity: 'error',
      comment:
        'A use case (src/application/cards|admin|reservations|stream) never imports another: what they share is the ' +
        'publication engine (src/application/publication), the settings reader (src/application/settings) or the domain.',
      from: { path: USE_CASES },
      to: { path: USE_CASES },
    },
    {
      name: 'cards-are-built-only-in-the-domain',
      severity: 'error',
      comment:
        'A card is computed in one place: src/domain/card/card.ts (buildCard), at the version src/domain/card/card-state.ts ' +
        'chooses (currentCard, nextCard, firstCard). Outside the domain that module is imported for its types only.',
      from: { path: '^src/', pathNot: '^src/domain/' },
      to: { path: '^src/domain/card/card\\.ts$', dependencyTypesNot: ['type-only'] },
    },

    // contract: the published wire schemas, self-contained.
    {
      name: 'contract-imports-only-contract-and-zod',
      severity: 'error',
      comment: 'src/contract is the published wire (zod schemas and the types inferred from them): it imports only src/contract and zod.',
      from: { path: '^src/contract/' },
      to: { pathNot: ['^src/contract/', '(^|/)node_modules/zod/'] },
    },

    // adapters: each folder talks only to itself, the core and npm packages.
    {
      name: 'adapter-imports-only-own-folder',
      severity: 'error',
      comment:
        'src/adapters/X may not import src/adapters/Y (so inbound http/realtime never import outbound adapters); ' +
        'adapters meet only through application ports wired in src/bootstrap.',
      from: { path: '^src/adapters/([^/]+)/' },
      to: { path: '^src/adapters/', pathNot: '^src/adapters/$1/' },
    },

    // inbound adapters reach the application only through its inbound ports.
    {
      name: 'http-reaches-the-application-through-inbound-ports',
      severity: 'error',
      comment: 'src/adapters/http calls use cases through src/application/ports/inbound (and reads the Clock port); never a use case, the engine or an outbound port.',
      from: { path: '^src/adapters/http/' },
      to: { path: '^src/application/', pathNot: `^src/application/ports/(inbound/|${SHARED_PORTS})` },
    },
    {
      name: 'realtime-reaches-the-application-through-its-ports',
      severity: 'error',
      comment:
        'src/adapters/realtime is inbound (sockets ask through src/application/ports/inbound) and implements two outbound ports, ' +
        'LiveEventPublisher (to the other instances) and LocalFanOut (to its own sockets); it reaches nothing else of the application.',
      from: { path: '^src/adapters/realtime/' },
      to: { path: '^src/application/', pathNot: `^src/application/ports/(inbound/|${SHARED_PORTS}|outbound/(live-event-publisher|local-fan-out)\\.ts$)` },
    },
    {
      name: 'outbound-adapters-reach-only-outbound-ports',
      severity: 'error',
      comment: 'src/adapters/persistence|scheduling|clock|observability implement src/application/ports/outbound (and the Clock port); they call no use case.',
      from: { path: '^src/adapters/(persistence|scheduling|clock|observability)/' },
      to: { path: '^src/application/', pathNot: `^src/application/ports/(outbound/|${SHARED_PORTS})` },
    },

    // bootstrap: the composition root, imported by nobody but itself (and tests/benchmarks).
    {
      name: 'only-bootstrap-imports-bootstrap',
      severity: 'error',
      comment: 'src/bootstrap is the composition root: only src/bootstrap (and test/, bench/) may import it.',
      from: { pathNot: '^(src/bootstrap|test|bench|dist/test|dist/bench)/' },
      to: { path: '^src/bootstrap/' },
    },

    // server code never imports the browser code.
    {
      name: 'src-not-to-web',
      severity: 'error',
      comment: 'src/ never imports web/ or the client package: the page and the client talk to the server only over HTTP and Socket.IO.',
      from: { path: '^src/' },
      to: { path: ['^web/', '^packages/'] },
    },

    // the client package: the browser client, published to npm as live-cards-client.
    {
      name: 'client-package-imports-only-itself-and-the-contract',
      severity: 'error',
      comment: 'packages/live-cards-client/src imports only its own modules, the published contract (src/contract) and its peer dependencies.',
      from: { path: CLIENT_SRC },
      to: { pathNot: [CLIENT_SRC, '^src/contract/'], dependencyTypesNot: [...NPM, ...CORE] },
    },
    {
      name: 'client-package-reaches-the-contract-through-its-wire-module',
      severity: 'error',
      comment:
        'Only packages/live-cards-client/src/wire.ts imports src/contract: the package build prints that one module\'s ' +
        'declarations resolved, so a second import of the contract would ship a path outside the package.',
      from: { path: CLIENT_SRC, pathNot: `${CLIENT_SRC}wire\\.ts$` },
      to: { path: '^src/contract/' },
    },
    {
      name: 'client-package-takes-only-types-from-the-contract',
      severity: 'error',
      comment:
        'The client package imports src/contract type-only (`export type`), so no zod schema ends up in its bundle; values ' +
        'only from src/contract/protocol.ts, which imports nothing.',
      from: { path: CLIENT_SRC },
      to: { path: '^src/contract/', pathNot: '^src/contract/protocol\\.ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'client-package-no-node-builtins',
      severity: 'error',
      comment: 'The client package runs in browsers: no node: built-ins.',
      from: { path: CLIENT_SRC },
      to: { dependencyTypes: CORE },
    },
    {
      name: 'client-package-only-peer-packages',
      severity: 'error',
      comment: `The client package imports only its peer dependencies (${CLIENT_PACKAGE_PEERS.join(', ').replaceAll('\\', '')}).`,
      from: { path: CLIENT_SRC },
      to: { dependencyTypes: NPM, pathNot: `(^|/)node_modules/(${CLIENT_PACKAGE_PEERS.join('|')})/` },
    },

    // web: the service's own page, the client package's first consumer.
    {
      name: 'web-not-to-server-code',
      severity: 'error',
      comment: 'web/ imports nothing from src/: the wire types reach it through the client package, as they reach any front end.',
      from: { path: '^web/' },
      to: { path: '^src/' },
    },
    {
      name: 'web-imports-the-client-package-by-name',
      severity: 'error',
      comment: "web/ imports the client package as `live-cards-client` (npm's workspace link), never by a relative path into packages/.",
      from: { path: '^web/' },
      to: { path: '^packages/', dependencyTypesNot: ['aliased-workspace'] },
    },
    {
      name: 'web-uses-only-the-client-package-exports',
      severity: 'error',
      comment:
        "web/ reaches only the files the client package's `exports` map publishes (its built entry points), as an " +
        'installed copy would: no module of its sources or its build that a front end could not import.',
      from: { path: '^web/' },
      to: { path: CLIENT, pathNot: CLIENT_ENTRY_FILES },
    },
    {
      name: 'web-no-node-builtins',
      severity: 'error',
      comment: 'web/ runs in the browser: no node: built-ins.',
      from: { path: '^web/' },
      to: { dependencyTypes: CORE },
    },
    {
      name: 'web-only-browser-packages',
      severity: 'error',
      comment: `web/ may use only browser npm packages (${BROWSER_PACKAGES.join(', ').replaceAll('\\', '')}) and the client package.`,
      from: { path: '^web/' },
      to: {
        dependencyTypes: NPM,
        pathNot: `(^|/)node_modules/(${BROWSER_PACKAGES.join('|')})/`,
      },
    },
  ],

  options: {
    // The client package's build is what web/ imports; the rules look at its sources instead.
    doNotFollow: { path: ['(^|/)node_modules/', '^packages/[^/]+/dist/'] },
    exclude: { path: '^(dist|coverage)/' },
    // Type-only imports are dependencies too: they are what web/ may use, and they can form cycles.
    tsPreCompilationDeps: true,
    // `process.getBuiltinModule('fs')` is an import of a built-in as well.
    detectProcessBuiltinModuleCalls: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      // `.js` specifiers in .ts sources resolve to the .ts file (TypeScript nodenext style).
      extensions: ['.ts', '.tsx', '.d.ts', '.mts', '.cts', '.js', '.mjs', '.cjs', '.json'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    skipAnalysisNotInRules: true,
  },
};
