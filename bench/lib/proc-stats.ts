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
  const { user, system } = cpuSplit(pid);
  return user + system;
}

/** User and system (kernel: syscalls, TCP receive) CPU seconds so far, apart. */
export function cpuSplit(pid: number): { user: number; system: number } {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { user: Number(fields[11]) / TICKS_PER_SECOND, system: Number(fields[12]) / TICKS_PER_SECOND };
  } catch {
    return { user: NaN, system: NaN };
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

/** Cumulative busy and total jiffies of the whole machine (/proc/stat); diff two readings. */
export function machineJiffies(): { busy: number; total: number } {
  try {
    const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] as string).trim().split(/\s+/).slice(1).map(Number);
    const total = fields.reduce((sum, v) => sum + v, 0);
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
    return { busy: total - idle, total };
  } catch {
    return { busy: NaN, total: NaN };
  }
}

/** Tracks, over a window, how busy the machine was and how much CPU this process used. */
export function startWindow(): () => { machineBusyPercent: number; benchProcessCpuPercent: number; loadAverage1m: number } {
  const m0 = machineJiffies();
  const c0 = process.cpuUsage();
  const t0 = Date.now();
  return () => {
    const m1 = machineJiffies();
    const c1 = process.cpuUsage(c0);
    const seconds = (Date.now() - t0) / 1000;
    return {
      machineBusyPercent: Math.round((100 * (m1.busy - m0.busy)) / Math.max(1, m1.total - m0.total)),
      benchProcessCpuPercent: Math.round(((c1.user + c1.system) / 1e6 / seconds) * 100),
      loadAverage1m: Number((readFileSync('/proc/loadavg', 'utf8').split(' ')[0] ?? 'NaN')),
    };
  };
}
