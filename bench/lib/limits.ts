// The per-process limits a many-socket bench runs into, and the one it may raise. Here `ulimit -n`
// is 20 000 (hard 20 000): one process cannot hold 20 000 sockets, let alone 50 000. As root, the
// bench raises RLIMIT_NOFILE (soft and hard) of the processes it started — never its own shell's
// or anyone else's — with prlimit(1) on their pid, before they accept or open sockets. Raising a
// hard limit needs CAP_SYS_RESOURCE, which root does not always hold (not in this VM's sandbox).

import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Sets RLIMIT_NOFILE of `pid` to `limit`; false (and nothing changed) without the privilege. */
export function raiseFileLimit(pid: number, limit: number): boolean {
  try {
    execFileSync('prlimit', ['--pid', String(pid), `--nofile=${limit}:${limit}`], { stdio: 'ignore' });
    return openFileLimit(pid) >= limit;
  } catch {
    return false;
  }
}

/** The soft RLIMIT_NOFILE of a process, from /proc/<pid>/limits. */
export function openFileLimit(pid: number | 'self' = 'self'): number {
  try {
    const line = readFileSync(`/proc/${pid}/limits`, 'utf8').split('\n').find((l) => l.startsWith('Max open files'));
    return Number(line?.trim().split(/\s+/)[3]);
  } catch {
    return NaN;
  }
}

/** Open file descriptors of a process (its sockets included). */
export function openFiles(pid: number): number {
  try {
    return readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    return NaN;
  }
}

/** The loopback ephemeral port range (connections from one source address to one port). */
export function ephemeralPorts(): { low: number; high: number; count: number } {
  const [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number) as [number, number];
  return { low, high, count: high - low + 1 };
}

/**
 * Source addresses 127.0.0.2, 127.0.0.3, … enough for `sockets` connections at `perAddress` each
 * (the whole 127/8 is loopback on Linux; 127.0.0.1 is left to everyone else's connections).
 */
export function loopbackSources(sockets: number, perAddress: number): string[] {
  return Array.from({ length: Math.max(1, Math.ceil(sockets / perAddress)) }, (_, i) => `127.0.0.${i + 2}`);
}

/** Whether this process holds CAP_SYS_RESOURCE (bit 24 of CapEff), which raising a hard limit needs. */
export function canRaiseHardLimits(): boolean {
  try {
    const line = readFileSync('/proc/self/status', 'utf8').split('\n').find((l) => l.startsWith('CapEff:'));
    return ((BigInt(`0x${line?.split(/\s+/)[1] ?? '0'}`) >> 24n) & 1n) === 1n;
  } catch {
    return false;
  }
}
