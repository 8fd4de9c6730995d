// Renders the import graph of src/, web/ and the client package into docs/architecture.md as two Mermaid diagrams (the
// layers, then every module grouped by folder), so an architecture review can read the real
// dependencies on GitHub without running anything. Output is sorted, so it only changes when the
// code's imports do. Run with `npm run arch:graph`.

import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { cruise, type ICruiseResult } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';

/** The part of a cruise result the diagrams need (a real ICruiseResult fits). */
export interface ImportGraph {
  readonly modules: ReadonlyArray<{
    readonly source: string;
    readonly dependencies: ReadonlyArray<{
      readonly resolved: string;
      readonly dependencyTypes: readonly string[];
      readonly couldNotResolve: boolean;
      readonly coreModule: boolean;
    }>;
  }>;
}

export interface RuleSummary {
  readonly name: string;
  readonly comment?: string;
}

export interface GenerateOptions {
  /** Project root: where .dependency-cruiser.js and tsconfig.json are. Defaults to the cwd. */
  readonly rootDir?: string;
  /** File to write; defaults to docs/architecture.md under rootDir. */
  readonly outFile?: string;
  /** Folders to cruise, relative to rootDir. */
  readonly targets?: readonly string[];
}

const NPM = 'npm';
const BUILTINS = 'builtins';

interface Layer {
  readonly id: string;
  readonly label: string;
}

const FIXED_LAYERS: readonly Layer[] = [
  { id: 'web', label: 'web' },
  { id: 'client', label: 'live-cards-client' },
  { id: 'bootstrap', label: 'bootstrap' },
  { id: 'application', label: 'application' },
  { id: 'domain', label: 'domain' },
  { id: 'contract', label: 'contract' },
];
const INBOUND_ADAPTERS = ['http', 'realtime'];

/** The layer a module path belongs to, or null for a file outside src/, web/ and the client package. */
export function layerOf(modulePath: string): string | null {
  if (/(^|\/)node_modules\//.test(modulePath)) return NPM;
  if (modulePath.startsWith('packages/live-cards-client/')) return 'client';
  const adapter = /^src\/adapters\/([^/]+)\//.exec(modulePath);
  if (adapter) return `adapters/${adapter[1]}`;
  const layer = /^src\/(domain|application|contract|bootstrap)\//.exec(modulePath);
  if (layer) return layer[1] ?? null;
  if (modulePath.startsWith('web/')) return 'web';
  if (modulePath.startsWith('src/')) return 'src';
  return null;
}

function targetLayer(dependency: ImportGraph['modules'][number]['dependencies'][number]): string | null {
  if (dependency.couldNotResolve) return null;
  if (dependency.coreModule || dependency.dependencyTypes.includes('core')) return BUILTINS;
  if (dependency.dependencyTypes.some((type) => type.startsWith('npm'))) return NPM;
  return layerOf(dependency.resolved);
}

/** Mermaid node ids: letters, digits and underscores only. */
function mermaidId(prefix: string, name: string): string {
  return `${prefix}_${name.replace(/[^A-Za-z0-9]/g, '_')}`;
}

function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

interface Edge {
  readonly from: string;
  readonly to: string;
  count: number;
  typeOnly: boolean;
}

function addEdge(edges: Map<string, Edge>, from: string, to: string, typeOnly: boolean): void {
  const key = `${from}\u0000${to}`;
  const edge = edges.get(key);
  if (edge) {
    edge.count += 1;
    edge.typeOnly &&= typeOnly;
  } else {
    edges.set(key, { from, to, count: 1, typeOnly });
  }
}

function arrow(edge: Edge, label?: string): string {
  const shaft = edge.typeOnly ? '-.->' : '-->';
  return label === undefined ? shaft : `${shaft}|${label}|`;
}

function layerGraph(graph: ImportGraph): string {
  const local = graph.modules.filter((m) => layerOf(m.source) !== null && layerOf(m.source) !== NPM);
  const fileCount = new Map<string, number>();
  for (const module of local) {
    const layer = layerOf(module.source) as string;
    fileCount.set(layer, (fileCount.get(layer) ?? 0) + 1);
  }
  const edges = new Map<string, Edge>();
  for (const module of local) {
    const from = layerOf(module.source) as string;
    for (const dependency of module.dependencies) {
      const to = targetLayer(dependency);
      if (to !== null && to !== from) addEdge(edges, from, to, dependency.dependencyTypes.includes('type-only'));
    }
  }

  const adapters = [...fileCount.keys()].filter((layer) => layer.startsWith('adapters/'));
  const inbound = adapters.filter((a) => INBOUND_ADAPTERS.includes(a.slice('adapters/'.length))).sort(byText);
  const outbound = adapters.filter((a) => !inbound.includes(a)).sort(byText);
  const used = new Set([...edges.values()].flatMap((e) => [e.from, e.to]));
  const order = [
    'web',
    'client',
    'bootstrap',
    ...inbound,
    ...outbound,
    'application',
    'domain',
    'contract',
    ...(fileCount.has('src') ? ['src'] : []),
    ...(used.has(NPM) ? [NPM] : []),
    ...(used.has(BUILTINS) ? [BUILTINS] : []),
  ];
  const rank = (layer: string): number => order.indexOf(layer);
  const files = (layer: string): string => {
    const n = fileCount.get(layer) ?? 0;
    return `${n} file${n === 1 ? '' : 's'}`;
  };
  const node = (layer: string): string => {
    const id = mermaidId('layer', layer);
    if (layer === NPM) return `  ${id}(["npm packages"])`;
    if (layer === BUILTINS) return `  ${id}(["node: built-ins"])`;
    const fixed = FIXED_LAYERS.find((l) => l.id === layer);
    const name = fixed ? fixed.label : layer === 'src' ? 'src (outside a layer)' : layer.slice('adapters/'.length);
    return `  ${id}["${name}<br/>${files(layer)}"]`;
  };

  const lines = ['flowchart TB'];
  for (const layer of ['web', 'client', 'bootstrap']) lines.push(node(layer));
  if (adapters.length > 0) {
    lines.push('  subgraph adapters["adapters"]');
    if (inbound.length > 0) {
      lines.push('    subgraph inbound["inbound"]');
      for (const layer of inbound) lines.push(`    ${node(layer)}`);
      lines.push('    end');
    }
    if (outbound.length > 0) {
      lines.push('    subgraph outbound["outbound"]');
      for (const layer of outbound) lines.push(`    ${node(layer)}`);
      lines.push('    end');
    }
    lines.push('  end');
  }
  for (const layer of order.slice(order.indexOf('application'))) lines.push(node(layer));
  const sorted = [...edges.values()].sort((a, b) => rank(a.from) - rank(b.from) || rank(a.to) - rank(b.to));
  for (const edge of sorted) {
    lines.push(`  ${mermaidId('layer', edge.from)} ${arrow(edge, String(edge.count))} ${mermaidId('layer', edge.to)}`);
  }
  return lines.join('\n');
}

function moduleGraph(graph: ImportGraph): string {
  const local = graph.modules
    .map((m) => m.source)
    .filter((source) => {
      const layer = layerOf(source);
      return layer !== null && layer !== NPM;
    })
    .sort(byText);
  const localSet = new Set(local);
  const ids = new Map<string, string>();
  const taken = new Set<string>();
  for (const source of local) {
    let id = mermaidId('m', source);
    for (let n = 2; taken.has(id); n += 1) id = `${mermaidId('m', source)}_${n}`;
    taken.add(id);
    ids.set(source, id);
  }

  const folders = new Map<string, string[]>();
  for (const source of local) {
    const folder = path.posix.dirname(source);
    folders.set(folder, [...(folders.get(folder) ?? []), source]);
  }

  const lines = ['flowchart LR'];
  for (const folder of [...folders.keys()].sort(byText)) {
    lines.push(`  subgraph ${mermaidId('dir', folder)}["${folder}"]`);
    for (const source of folders.get(folder) ?? []) {
      lines.push(`    ${ids.get(source)}["${path.posix.basename(source)}"]`);
    }
    lines.push('  end');
  }
  const edges = new Map<string, Edge>();
  for (const module of graph.modules) {
    if (!localSet.has(module.source)) continue;
    for (const dependency of module.dependencies) {
      if (localSet.has(dependency.resolved) && !dependency.couldNotResolve) {
        addEdge(edges, module.source, dependency.resolved, dependency.dependencyTypes.includes('type-only'));
      }
    }
  }
  const sorted = [...edges.values()].sort((a, b) => byText(a.from, b.from) || byText(a.to, b.to));
  for (const edge of sorted) lines.push(`  ${ids.get(edge.from)} ${arrow(edge)} ${ids.get(edge.to)}`);
  return lines.join('\n');
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/\|/g, '\\|').trim();
}

/** The whole docs/architecture.md text for a cruise result and the rules it was checked against. */
export function renderArchitectureDoc(graph: ImportGraph, rules: readonly RuleSummary[]): string {
  const ruleRows = rules.map((rule) => `| \`${rule.name}\` | ${oneLine(rule.comment ?? '')} |`);
  return [
    '# Architecture',
    '',
    '<!-- Generated by `npm run arch:graph` (scripts/arch-graph.ts). Do not edit by hand. -->',
    '',
    'The service is a hexagon: `domain` holds the pure rules, `application` the use cases and the ports',
    'they need, `adapters` translate between those ports and the world (inbound: HTTP, Socket.IO;',
    'outbound: database, scheduler, clock, ...), `bootstrap` wires everything. `live-cards-client`',
    '(packages/live-cards-client) is the published browser client, which shares nothing with the server',
    'but the `contract` types, and `web`, the service\'s own page, uses it through its public exports.',
    'docs/DESIGN.md states the rules; `.dependency-cruiser.js` enforces them in `npm test`',
    '(`npm run lint:arch`). The diagrams below are drawn from the imports that exist in the code.',
    '',
    '## Layers',
    '',
    'An arrow means at least one module of one layer imports the other (the label counts the imports);',
    'a dotted arrow means every one of those imports is type-only.',
    '',
    '```mermaid',
    layerGraph(graph),
    '```',
    '',
    '## Modules',
    '',
    'Every module of `src/`, `web/` and the client package, grouped by folder. Dotted arrows are type-only imports; npm',
    'packages and Node built-ins are left out (the layer graph shows who uses them).',
    '',
    '```mermaid',
    moduleGraph(graph),
    '```',
    '',
    '## Rules',
    '',
    'Each rule is an error in `npm run lint:arch`; test/architecture/layer-rules.test.ts shows each one',
    'failing on a deliberately wrong import.',
    '',
    '| rule | forbids |',
    '|---|---|',
    ...ruleRows,
    '',
  ].join('\n');
}

/** Cruises the project with its own dependency-cruiser config and writes the architecture doc. */
export async function generateArchitectureDoc(options: GenerateOptions = {}): Promise<string> {
  const rootDir = path.resolve(options.rootDir ?? process.cwd());
  const outFile = path.resolve(rootDir, options.outFile ?? path.join('docs', 'architecture.md'));
  const targets = options.targets ?? ['src', 'web', 'packages/live-cards-client/src'];

  const cruiseOptions = await extractDepcruiseOptions(path.join(rootDir, '.dependency-cruiser.js'));
  const tsConfigFile = path.resolve(rootDir, cruiseOptions.tsConfig?.fileName ?? 'tsconfig.json');
  const tsConfig = extractTSConfig(tsConfigFile);
  const present = targets.filter((target) => existsSync(path.join(rootDir, target)));
  // baseDir: targets are read and module paths reported relative to the project root.
  const output = await cruise(present, { ...cruiseOptions, tsConfig: { fileName: tsConfigFile }, baseDir: rootDir, outputType: 'json' }, {}, { tsConfig });
  const result = JSON.parse(output.output as string) as ICruiseResult;

  const rules = (cruiseOptions.ruleSet?.forbidden ?? []).map((rule) => ({
    name: rule.name ?? '(unnamed)',
    ...(rule.comment === undefined ? {} : { comment: rule.comment }),
  }));
  const markdown = renderArchitectureDoc(result, rules);
  mkdirSync(path.dirname(outFile), { recursive: true });
  writeFileSync(outFile, markdown);
  return markdown;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const markdown = await generateArchitectureDoc();
  process.stdout.write(`wrote docs/architecture.md (${markdown.split('\n').length} lines)\n`);
}
