// The layer table of docs/DESIGN.md as dependency-cruiser rules; `npm run lint:arch` fails on any
// violation. Every path is anchored (`^src/domain/`), and the layer rules are allow-lists
// (`pathNot`), so an import that resolves somewhere unexpected (or not at all) is still caught.
// test/architecture/layer-rules.test.ts proves each rule fires on a deliberately wrong fixture.

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
        'Every import in src/ must resolve to a file or package; an unresolved import would slip past the path rules.',
      from: { path: '^src/' },
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
      comment: 'src/ never imports web/: the page talks to the server only over HTTP and Socket.IO.',
      from: { path: '^src/' },
      to: { path: '^web/' },
    },

    // web: the browser page and its client.
    {
      name: 'web-not-to-server-code',
      severity: 'error',
      comment: 'web/ imports nothing from src/ except the published contract types (src/contract).',
      from: { path: '^web/' },
      to: { path: '^src/', pathNot: '^src/contract/' },
    },
    {
      name: 'web-only-type-imports-from-contract',
      severity: 'error',
      comment: 'web/ imports src/contract type-only (`import type`), so no server code ends up in the browser bundle.',
      from: { path: '^web/' },
      to: { path: '^src/contract/', dependencyTypesNot: ['type-only'] },
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
      comment: `web/ may use only browser npm packages (${BROWSER_PACKAGES.join(', ').replaceAll('\\', '')}).`,
      from: { path: '^web/' },
      to: {
        dependencyTypes: NPM,
        pathNot: `(^|/)node_modules/(${BROWSER_PACKAGES.join('|')})/`,
      },
    },
  ],

  options: {
    doNotFollow: { path: '(^|/)node_modules/' },
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
