// A global is not an import, so dependency-cruiser cannot see `Date.now()`. The ESLint config
// forbids clocks, randomness and timers in src/domain and src/application, and the wall clock
// everywhere else in src/ but the clock adapter; these tests lint fixture source text (nothing is
// written to disk) as if it lived there, and prove the rules fire.

import { expect } from 'chai';
import path from 'node:path';
import { ESLint } from 'eslint';

const projectRoot = process.cwd();
const eslint = new ESLint({ cwd: projectRoot, overrideConfigFile: path.join(projectRoot, 'eslint.config.js') });

interface Finding {
  readonly ruleId: string | null;
  readonly message: string;
}

async function lint(source: string, file: string): Promise<Finding[]> {
  const [result] = await eslint.lintText(source, { filePath: path.join(projectRoot, file) });
  return (result?.messages ?? []).map(({ ruleId, message }) => ({ ruleId, message }));
}

const forbidden: ReadonlyArray<{ code: string; rule: string; says: RegExp }> = [
  { code: 'export const now = Date.now();', rule: 'no-restricted-properties', says: /Clock port/ },
  { code: 'export const now = new Date();', rule: 'no-restricted-syntax', says: /Clock port/ },
  { code: 'export const now = Date();', rule: 'no-restricted-syntax', says: /Clock port/ },
  { code: 'export const now = performance.now();', rule: 'no-restricted-properties', says: /Clock port/ },
  { code: 'export const id = Math.random();', rule: 'no-restricted-properties', says: /ports/ },
  { code: 'export const id = crypto.randomUUID();', rule: 'no-restricted-properties', says: /ports/ },
  { code: 'export const id = globalThis.crypto.randomUUID();', rule: 'no-restricted-syntax', says: /ports/ },
  { code: 'setTimeout(() => undefined, 1000);', rule: 'no-restricted-globals', says: /TransitionScheduler/ },
  { code: 'export const t = setInterval(() => undefined, 1000);', rule: 'no-restricted-globals', says: /TransitionScheduler/ },
  { code: 'export const env = process.env.PORT;', rule: 'no-restricted-globals', says: /bootstrap/ },
];

describe('architecture: no clock, randomness or timers in the core (ESLint)', function () {
  for (const layer of ['src/domain/card', 'src/application/cards']) {
    for (const { code, rule, says } of forbidden) {
      it(`${layer}: \`${code}\` is reported by ${rule}`, async function () {
        const findings = await lint(`${code}\n`, `${layer}/__clock_fixture__.ts`);
        const hit = findings.find((f) => f.ruleId === rule);
        expect(hit, JSON.stringify(findings)).to.not.equal(undefined);
        expect(hit?.message).to.match(says);
      });
    }
  }

  it('accepts time passed in as an argument', async function () {
    const source = 'export function opensAt(now: number): string {\n  return new Date(now).toISOString();\n}\n';
    expect(await lint(source, 'src/domain/card/__clock_fixture__.ts')).to.deep.equal([]);
  });

  for (const layer of ['src/adapters/realtime', 'src/adapters/scheduling', 'src/adapters/observability', 'src/bootstrap']) {
    for (const code of ['export const now = Date.now();', 'export const now = new Date();', 'export const now = Date();']) {
      it(`${layer}: \`${code}\` is reported: "now" comes from the Clock port`, async function () {
        const findings = await lint(`${code}\n`, `${layer}/__clock_fixture__.ts`);
        expect(findings.some((f) => /Read "now" from the Clock port .*only src\/adapters\/clock reads the wall clock/.test(f.message)), JSON.stringify(findings)).to.equal(true);
      });
    }
  }

  it('lets adapters convert instants, measure elapsed time and start timers', async function () {
    const source = 'export const at = (ms: number) => new Date(ms).toISOString();\nexport const t0 = performance.now();\nsetTimeout(() => undefined, 1);\n';
    expect(await lint(source, 'src/adapters/realtime/__clock_fixture__.ts')).to.deep.equal([]);
  });

  it('leaves the clock adapter, and only it, free to read the wall clock', async function () {
    const source = 'export const systemClock = { now: (): number => Date.now() };\nsetTimeout(() => undefined, 1);\n';
    expect(await lint(source, 'src/adapters/clock/__clock_fixture__.ts')).to.deep.equal([]);
  });

  it('reports unused variables unless they start with _', async function () {
    const findings = await lint('const unused = 1;\nconst _ignored = 2;\n', 'src/domain/card/__clock_fixture__.ts');
    expect(findings.map((f) => f.ruleId)).to.deep.equal(['@typescript-eslint/no-unused-vars']);
    expect(findings[0]?.message).to.match(/unused/);
  });
});
