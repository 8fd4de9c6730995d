// Per-process CPU and memory from /proc (Linux): RSS now, peak RSS, and CPU seconds used, so a
// figure can say what each instance spent to reach it.

import { readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

export function rssKb(pid: number): number {
  return statusField(pid, 'VmRSS');
}

export function peakRssKb(pid: number): number {
  return statusField(pid, 'VmHWM');
}

/** User + system CPU seconds the process has used so far. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return NaN;
  }
}

function statusField(pid: number, name: string): number {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith(`${name}:`));
    return line ? Number(line.replace(/\D+/g, '')) : NaN;
  } catch {
    return NaN;
  }
}
