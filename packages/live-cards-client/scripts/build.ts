// Builds the publishable package into dist/ (`npm run build` at the root runs it first; Node strips
// the types of this file itself):
// - JavaScript: esbuild bundles each entry point as ESM, with the contract constants it uses
//   inlined, and `socket.io-client` (and `react`) left to the consumer, as peer dependencies;
// - declarations: the TypeScript compiler emits one .d.ts per module of src/, and the wire module's
//   is replaced by the resolved contract types (wire-declarations.ts), so no declaration names zod
//   or a path outside the package.
// The tarball (`npm pack`) is therefore self-contained; test/client-package/ proves it.

import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import ts from 'typescript';
import { printWireDeclarations } from './wire-declarations.ts';

const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sourceDir = path.join(packageRoot, 'src');
const outDir = path.join(packageRoot, 'dist');
/** Entry points, one per `exports` subpath of package.json. */
export const ENTRY_POINTS = ['index.ts', 'react.ts'];
/** Imports the bundles leave to the consumer (the peer dependencies). */
const EXTERNAL = ['socket.io-client', 'react'];

await rm(outDir, { recursive: true, force: true });
await mkdir(outDir, { recursive: true });

await build({
  entryPoints: ENTRY_POINTS.map((entry) => path.join(sourceDir, entry)),
  outdir: outDir,
  bundle: true,
  // One copy of the shared modules for all entry points, so `live-cards-client/react` and the main
  // entry share one client class (instanceof, one socket per store) instead of each bundling its own.
  splitting: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  external: EXTERNAL,
  sourcemap: true,
  logLevel: 'warning',
  legalComments: 'none',
});

const tsconfigPath = path.join(packageRoot, 'tsconfig.json');
const config = ts.getParsedCommandLineOfConfigFile(tsconfigPath, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => fail([d]) });
if (config === undefined) throw new Error(`cannot read ${tsconfigPath}`);
const program = ts.createProgram(config.fileNames, { ...config.options, noEmit: false, declaration: true, emitDeclarationOnly: true, declarationMap: false });
const diagnostics = ts.getPreEmitDiagnostics(program);
if (diagnostics.length > 0) fail(diagnostics);

const wireSource = path.join(sourceDir, 'wire.ts');
const declarations = new Map<string, string>();
program.emit(undefined, (fileName, text) => {
  // The compiler mirrors the files it reached (the contract too); only the package's own ship.
  const relative = path.relative(path.join(config.options.outDir ?? outDir, path.relative(config.options.rootDir ?? packageRoot, sourceDir)), fileName);
  if (!relative.startsWith('..')) declarations.set(relative, text);
});
declarations.set('wire.d.ts', `// Generated from the service's contract (src/contract/wire.ts) by scripts/build.ts; do not edit.\n\n${printWireDeclarations(program, wireSource)}`);
for (const [relative, text] of declarations) {
  const target = path.join(outDir, relative);
  await mkdir(path.dirname(target), { recursive: true });
  await writeFile(target, text);
}
console.log(`live-cards-client built into ${path.relative(process.cwd(), outDir) || '.'}/ (${ENTRY_POINTS.length} entry point(s), ${declarations.size} declaration files)`);

function fail(problems: readonly ts.Diagnostic[]): never {
  const host = { getCanonicalFileName: (f: string) => f, getCurrentDirectory: () => process.cwd(), getNewLine: () => '\n' };
  process.stderr.write(ts.formatDiagnosticsWithColorAndContext(problems, host));
  process.exit(1);
}
