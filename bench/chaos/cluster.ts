// The processes of a chaos run: three instances of the built service on one fresh database and a
// fresh Redis key prefix, each reaching PostgreSQL and Redis through its own TCP fault proxy, and
// the balancer in front. Owns every process it starts: kill, pause, resume, restart on the same
// port and environment. Records every start and exit, and the error lines of every log.

import { freePort } from '../../test/support/loopback.js';
import { REDIS_URL, spawnServiceProcess, uniquePrefix, type ServiceProcess } from '../../test/support/service-harness.js';
import { startTcpProxy, throughProxy, type TcpProxy } from '../../test/support/tcp-proxy.js';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database.js';
import { startBalancer, type Balancer } from './balancer.js';
import type { InstanceEvent } from './history.js';

export interface Node {
  readonly index: number;
  readonly port: number;
  readonly baseUrl: string;
  readonly pg: TcpProxy;
  readonly redis: TcpProxy;
  process: ServiceProcess | null;
  /** Exits the harness caused; the next exit is expected while this is set. */
  expectExit: boolean;
}

export interface Cluster {
  readonly database: TestDatabase;
  readonly nodes: readonly Node[];
  readonly balancer: Balancer;
  readonly events: InstanceEvent[];
  readonly errorLines: { instance: number; line: string }[];
  signal(index: number, signal: NodeJS.Signals): void;
  /** Resolves with the exit (code, signal) of the running process. */
  exited(index: number): Promise<void>;
  restart(index: number): Promise<void>;
  stop(): Promise<void>;
}

/** Settings of every chaos instance: fast safety nets, small pools (the server is shared). */
const INSTANCE_ENV = {
  RECONCILE_EVERY_MS: '500',
  HEARTBEAT_EVERY_MS: '1000',
  SHUTDOWN_TIMEOUT_MS: '15000',
  METRICS_REFRESH_MS: '1000',
  DATABASE_POOL_SIZE: '3',
  AGENDA_POOL_SIZE: '3',
  LOG_LEVEL: 'warn',
  LOG_FORMAT: 'json',
} as const;

const ERROR_LINE = /"level":(5\d|60)|unhandled/i;

export async function startCluster(count: number): Promise<Cluster> {
  const database = await createTestDatabase();
  const prefix = uniquePrefix().replace('cards-test', 'cards-chaos');
  const pgTarget = new URL(database.url);
  const redisTarget = new URL(REDIS_URL);
  const events: InstanceEvent[] = [];
  const errorLines: { instance: number; line: string }[] = [];
  const nodes: Node[] = [];
  for (let index = 0; index < count; index += 1) {
    const pg = await startTcpProxy(pgTarget.hostname, Number(pgTarget.port || 5432));
    const redis = await startTcpProxy(redisTarget.hostname, Number(redisTarget.port || 6379));
    const port = await freePort();
    nodes.push({ index, port, baseUrl: `http://127.0.0.1:${port}`, pg, redis, process: null, expectExit: false });
  }
  const envOf = (node: Node) => ({
    ...INSTANCE_ENV,
    DATABASE_URL: throughProxy(database.url, node.pg),
    REDIS_URL: throughProxy(REDIS_URL, node.redis),
    REDIS_KEY_PREFIX: prefix,
    PORT: String(node.port),
  });
  const harvest = (node: Node, output: string) => {
    for (const line of output.split('\n')) if (ERROR_LINE.test(line)) errorLines.push({ instance: node.index, line: line.slice(0, 2_000) });
  };
  const launch = async (node: Node) => {
    const started = await spawnServiceProcess(`chaos-${node.index}`, envOf(node));
    node.process = started;
    node.expectExit = false;
    events.push({ t: Date.now(), instance: node.index, k: 'start' });
    started.child.once('exit', (code, signal) => {
      // A stop that did not end in 0 (or a kill -9) keeps the last lines of its log for the report.
      const lines = started.output().trim().split('\n');
      const tail = signal === 'SIGKILL' || code === 0 ? undefined : [...lines.filter((line) => line.includes('shutdown')), ...lines.slice(-10)];
      events.push({ t: Date.now(), instance: node.index, k: 'exit', code, signal, expected: node.expectExit, ...(tail ? { tail } : {}) });
      harvest(node, started.output());
      if (node.process === started) node.process = null;
    });
  };
  await Promise.all(nodes.map(launch));
  // Traffic goes to the instances whose process exists; the balancer skips one that refuses.
  const balancer = await startBalancer(() => nodes.map((node) => node.port));

  const live = (index: number) => nodes[index]?.process ?? null;
  return {
    database,
    nodes,
    balancer,
    events,
    errorLines,
    signal: (index, signal) => {
      const node = nodes[index] as Node;
      if (signal === 'SIGKILL' || signal === 'SIGTERM') node.expectExit = true;
      live(index)?.kill(signal);
    },
    exited: async (index) => {
      await live(index)?.exited;
    },
    restart: async (index) => {
      const node = nodes[index] as Node;
      if (node.process) return;
      await launch(node);
    },
    stop: async () => {
      await balancer.stop();
      await Promise.all(
        nodes.map(async (node) => {
          const running = node.process;
          if (!running) return;
          node.expectExit = true;
          running.kill('SIGCONT');
          running.kill('SIGTERM');
          const forced = setTimeout(() => running.kill('SIGKILL'), 8_000);
          await running.exited;
          clearTimeout(forced);
        }),
      );
      for (const node of nodes) {
        await node.pg.stop();
        await node.redis.stop();
      }
      await database.drop();
    },
  };
}
