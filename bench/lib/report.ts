// Results: a printed table, and JSON + Markdown under bench/results/ with the machine description,
// so every figure is kept with what produced it.

import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';

export const RESULTS_DIR = fileURLToPath(new URL('../../../bench/results/', import.meta.url));

export interface Machine {
  readonly cpuModel: string;
  readonly nproc: number;
  readonly memoryGiB: number;
  readonly node: string;
  readonly kernel: string;
}

export function machine(): Machine {
  let kernel = '';
  try {
    kernel = readFileSync('/proc/version', 'utf8').split(' ').slice(0, 3).join(' ');
  } catch {
    kernel = process.platform;
  }
  return {
    cpuModel: cpus()[0]?.model ?? 'unknown',
    nproc: cpus().length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    kernel,
  };
}

export type Row = Record<string, string | number | boolean | null>;

export function markdownTable(rows: readonly Row[]): string {
  if (rows.length === 0) return '(no rows)\n';
  const columns = Object.keys(rows[0] as Row);
  const cell = (value: unknown) => (typeof value === 'number' ? String(Math.round(value * 100) / 100) : String(value ?? ''));
  return [
    `| ${columns.join(' | ')} |`,
    `| ${columns.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${columns.map((c) => cell(row[c])).join(' | ')} |`),
  ].join('\n') + '\n';
}

export interface Section {
  readonly title: string;
  readonly rows: readonly Row[];
  readonly notes?: readonly string[];
}

/** Prints the sections and writes bench/results/<name>.json and .md; returns the Markdown. */
export function writeResults(name: string, command: string, sections: readonly Section[], data: unknown): string {
  const m = machine();
  const when = new Date().toISOString();
  const md = [
    `# ${name} (${when})`,
    '',
    `Command: \`${command}\``,
    '',
    `Machine: ${m.nproc} × ${m.cpuModel}, ${m.memoryGiB} GiB, Node ${m.node}, ${m.kernel}`,
    '',
    ...sections.flatMap((s) => [`## ${s.title}`, '', markdownTable(s.rows), ...(s.notes ?? []).map((n) => `- ${n}`), '']),
  ].join('\n');
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(`${RESULTS_DIR}${name}.json`, JSON.stringify({ name, command, when, machine: m, sections, data }, null, 2));
  writeFileSync(`${RESULTS_DIR}${name}.md`, md);
  for (const s of sections) {
    process.stdout.write(`\n== ${s.title}\n`);
    console.table(s.rows);
    for (const n of s.notes ?? []) process.stdout.write(`  - ${n}\n`);
  }
  process.stdout.write(`\nwritten: bench/results/${name}.json, bench/results/${name}.md\n`);
  return md;
}
