// Runs dependency-cruiser exactly as `npm run lint:arch` does (its CLI, the project's config file),
// in a chosen directory, and returns the JSON result so tests can assert on rule names.

import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ICruiseResult } from 'dependency-cruiser';

export const projectRoot = process.cwd();
const cli = path.join(projectRoot, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruiser.mjs');

export async function runDepcruise(cwd: string, targets: readonly string[]): Promise<ICruiseResult> {
  const present = targets.filter((target) => existsSync(path.join(cwd, target)));
  const args = [cli, ...present, '--config', '.dependency-cruiser.js', '--output-type', 'json'];
  const { stdout, stderr } = await new Promise<{ stdout: string; stderr: string }>((resolve, reject) => {
    execFile(process.execPath, args, { cwd, maxBuffer: 256 * 1024 * 1024 }, (error, out, err) => {
      // The json reporter exits 0 even with violations; a non-zero exit means the cruise itself failed.
      if (error) reject(new Error(`depcruise failed in ${cwd}: ${error.message}\n${err}`));
      else resolve({ stdout: out, stderr: err });
    });
  });
  try {
    return JSON.parse(stdout) as ICruiseResult;
  } catch {
    throw new Error(`depcruise printed no JSON in ${cwd}:\n${stdout.slice(0, 2000)}\n${stderr}`);
  }
}

/** "from -> to (rule)" lines, for assertion messages a person can read. */
export function describeViolations(result: ICruiseResult): string {
  return result.summary.violations.map((v) => `${v.from} -> ${v.to} (${v.rule.name})`).join('\n');
}
