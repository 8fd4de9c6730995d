// The client package's declarations are the contract's types, printed resolved by its build
// (packages/live-cards-client/scripts/wire-declarations.ts). These tests hold the printed types equal
// to the contract's, name by name and in both directions, and check that nothing in the built
// package points outside it: no zod, no relative path out of dist/. Run after `npm run build`.

import { expect } from 'chai';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';

const root = process.cwd();
const packageDir = path.join(root, 'packages', 'live-cards-client');
const distDir = path.join(packageDir, 'dist');

/** The names `packages/live-cards-client/src/wire.ts` re-exports (types, and `export {}` constants), from its source text. */
function reexports(): { readonly name: string; readonly value: boolean }[] {
  const source = readFileSync(path.join(packageDir, 'src', 'wire.ts'), 'utf8');
  const found: { name: string; value: boolean }[] = [];
  for (const match of source.matchAll(/export (type )?\{([^}]*)\}/g)) {
    for (const part of (match[2] ?? '').split(',')) {
      const name = part.trim().replace(/^type\s+/, '').split(/\s+as\s+/).pop();
      if (name) found.push({ name, value: match[1] === undefined });
    }
  }
  return found.sort((a, b) => (a.name < b.name ? -1 : 1));
}
const reexportedNames = () => reexports().map((r) => r.name);

/**
 * Type-checks a module asserting, for each name, that the printed type and the contract's are
 * assignable to each other; returns the compiler's complaints (empty when all agree).
 */
function equalityProblems(printedDeclarations: string, names: readonly { readonly name: string; readonly value: boolean }[]): string[] {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'wire-declarations-'));
  try {
    writeFileSync(path.join(dir, 'printed.d.ts'), printedDeclarations);
    // The package's own source module: the contract's types exactly as it re-exports them.
    const source = path.relative(dir, path.join(packageDir, 'src', 'wire.js')).split(path.sep).join('/');
    const lines = [
      `import type * as Printed from './printed.js';`,
      `import type * as Contract from '${source.startsWith('.') ? source : `./${source}`}';`,
      'type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;',
      'const same = <T extends true>(_check: T): void => undefined;',
      ...names.map(({ name, value }) => {
        const [printed, contract] = value ? [`typeof Printed.${name}`, `typeof Contract.${name}`] : [`Printed.${name}`, `Contract.${name}`];
        return `same<Same<${printed}, ${contract}>>(true as Same<${printed}, ${contract}>); // ${name}`;
      }),
    ];
    const checkFile = path.join(dir, 'check.ts');
    writeFileSync(checkFile, `${lines.join('\n')}\n`);
    const program = ts.createProgram([checkFile], {
      strict: true,
      noEmit: true,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      skipLibCheck: true,
      types: [],
    });
    // Each complaint with the line it is about, which ends in `// <type name>`.
    return ts.getPreEmitDiagnostics(program).map((d) => {
      const line = d.file && d.start !== undefined ? d.file.text.split('\n')[d.file.getLineAndCharacterOfPosition(d.start).line] : '';
      return `${ts.flattenDiagnosticMessageText(d.messageText, '\n').split('\n')[0]} ${line ?? ''}`;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('client package: declarations', function () {
  // Two TypeScript programs over zod's types: seconds on a busy machine.
  this.timeout(60_000);
  const printed = () => readFileSync(path.join(distDir, 'wire.d.ts'), 'utf8');

  it('declares every type src/wire.ts re-exports, and nothing else', function () {
    const declared = [...printed().matchAll(/^export (?:interface|type|declare const) (\w+)/gm)].map((m) => m[1]).sort();
    expect(declared).to.deep.equal(reexportedNames());
    expect(declared).to.include.members(['CardJson', 'SearchResponse', 'RefreshEvent', 'HeartbeatEvent', 'LiveEvents']);
  });

  it("prints each type equal to the contract's, in both directions", function () {
    expect(equalityProblems(printed(), reexports())).to.deep.equal([]);
  });

  it('notices a printed type that differs from the contract (a planted fault)', function () {
    const faulty = printed().replace('availableSeatCount: number;', 'availableSeatCount: string;');
    expect(faulty).to.not.equal(printed());
    const problems = equalityProblems(faulty, reexports());
    // CardJson, and every type holding a card, no longer matches.
    expect(problems.join('\n')).to.include('// CardJson');
    expect(problems.join('\n')).to.include('// SearchResponse');
    expect(problems.join('\n')).to.not.include('// ServerTime');
  });

  it('names neither zod nor any file outside the package', function () {
    const files = readdirSync(distDir).filter((file) => /\.(js|d\.ts)$/.test(file));
    expect(files).to.include.members(['index.js', 'index.d.ts', 'wire.d.ts']);
    for (const file of files) {
      const text = readFileSync(path.join(distDir, file), 'utf8');
      const specifiers = [...text.matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g)].map((m) => m[1] ?? '');
      for (const specifier of specifiers) {
        const allowed = specifier.startsWith('./') || specifier === 'socket.io-client' || specifier === 'react';
        expect(allowed, `${file} imports ${specifier}`).to.equal(true);
      }
      expect(text, file).to.not.match(/\bzod\b/);
    }
  });
});
