// The Redis side of the live topic: a publishing and a subscribing client for
// @socket.io/redis-adapter, readiness for /health/ready, and a broadcast that resolves only once
// Redis has accepted the PUBLISH.
//
// Why the wrapping: the adapter's broadcast() calls `pubClient.publish()` and drops the promise, so
// a room emit returns nothing awaitable and a failed PUBLISH would surface as an unhandled rejection
// (which ends a Node 22 process). We wrap the few client methods the adapter fires and forgets:
// each returned promise gets a handler (errors go to onError), and the PUBLISH promises issued
// during one `broadcast()` call are collected so the publisher can await them. The publishing
// client runs with the offline queue disabled: while Redis is down a PUBLISH fails at once instead
// of waiting in memory and going out minutes later, so the outbox row stays unsent and the
// reconcile job re-sends it (clients drop the duplicate by seq/version).

import { createAdapter } from '@socket.io/redis-adapter';
import { ClientClosedError, createClient } from 'redis';
import { LiveTopicUnavailable } from './live-topic-unavailable.js';

type RedisClient = ReturnType<typeof createClient>;
type AnyAsync = (...args: unknown[]) => Promise<unknown>;

export interface RedisLinkOptions {
  readonly url: string;
  /** Channel prefix, one per deployment (and per test run) so streams never mix. */
  readonly keyPrefix: string;
  /** How long a broadcast waits for Redis to acknowledge the PUBLISH. */
  readonly publishTimeoutMs?: number;
  readonly onError: (error: unknown, context: string) => void;
}

/**
 * Reconnect delay: 50 ms doubling to a cap of 400 ms, with jitter (half to all of it), retrying
 * forever. The cap is low on purpose: once Redis answers again an instance must resubscribe within
 * half a second (the instances' relays fill from the outbox meanwhile, but changes between
 * instances flow live only through the subscriber). A down Redis then costs each client about three
 * connection attempts a second, which it refuses at once.
 */
export function redisReconnectDelay(retries: number): number {
  const base = Math.min(50 * 2 ** Math.min(retries, 4), REDIS_RECONNECT_CAP_MS);
  return Math.round(base / 2 + (Math.random() * base) / 2);
}

export const REDIS_RECONNECT_CAP_MS = 400;
/** A connection attempt to a silent address gives up after this (an unanswered SYN would wait minutes). */
const REDIS_CONNECT_TIMEOUT_MS = 1_000;

export class RedisLink {
  private collecting: Promise<unknown>[] | null = null;
  private readonly connected: Promise<unknown>;

  private constructor(
    private readonly pub: RedisClient,
    private readonly sub: RedisClient,
    private readonly options: RedisLinkOptions,
  ) {
    pub.on('error', (error: unknown) => options.onError(error, 'redis-pub'));
    sub.on('error', (error: unknown) => options.onError(error, 'redis-sub'));
    this.guard(pub, ['publish', 'sendCommand'], true);
    this.guard(sub, ['pSubscribe', 'subscribe', 'pUnsubscribe', 'unsubscribe'], false);
    // connect() marks the clients open at once and keeps retrying in the background; the adapter's
    // SUBSCRIBEs wait in the subscriber's offline queue until Redis answers.
    this.connected = Promise.all([
      pub.connect().catch((error: unknown) => options.onError(error, 'redis-pub')),
      sub.connect().catch((error: unknown) => options.onError(error, 'redis-sub')),
    ]);
  }

  static open(options: RedisLinkOptions): RedisLink {
    const pub = createClient({
      url: options.url,
      disableOfflineQueue: true,
      socket: { reconnectStrategy: redisReconnectDelay, connectTimeout: REDIS_CONNECT_TIMEOUT_MS },
    });
    const sub = pub.duplicate({ disableOfflineQueue: false });
    return new RedisLink(pub, sub, options);
  }

  adapter(): ReturnType<typeof createAdapter> {
    return createAdapter(this.pub, this.sub, { key: this.options.keyPrefix });
  }

  /** Calls `listener` each time the subscriber (re)connects to Redis, after the first time. */
  onSubscriberReconnect(listener: () => void): void {
    let first = true;
    this.sub.on('ready', () => {
      if (first) first = false;
      else listener();
    });
  }

  isReady(): boolean {
    return this.pub.isReady && this.sub.isReady;
  }

  /** Resolves once both clients have connected (for start-up ordering and tests). */
  async whenConnected(): Promise<void> {
    await this.connected;
  }

  /**
   * Runs `send` (a room emit) and resolves when Redis acknowledged every PUBLISH it caused.
   * Rejects with LiveTopicUnavailable when Redis is not connected or does not acknowledge in time;
   * in the first case nothing is sent, not even to this instance's sockets.
   */
  async broadcast(send: () => void): Promise<void> {
    if (!this.pub.isReady) throw new LiveTopicUnavailable('redis is not connected');
    const published: Promise<unknown>[] = [];
    this.collecting = published;
    try {
      send();
    } finally {
      this.collecting = null;
    }
    if (published.length === 0) throw new LiveTopicUnavailable('the adapter issued no PUBLISH');
    const timeoutMs = this.options.publishTimeoutMs ?? 3_000;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new LiveTopicUnavailable(`no PUBLISH acknowledgement within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([Promise.all(published), timeout]);
    } catch (error) {
      throw error instanceof LiveTopicUnavailable ? error : new LiveTopicUnavailable('PUBLISH failed', { cause: error });
    } finally {
      clearTimeout(timer);
    }
  }

  /** Graceful QUIT when connected, immediate teardown otherwise (a QUIT would wait for Redis). */
  async close(): Promise<void> {
    await Promise.all([this.pub, this.sub].map((client) => closeClient(client)));
  }

  private guard(client: RedisClient, methods: readonly string[], collect: boolean): void {
    const target = client as unknown as Record<string, AnyAsync>;
    for (const method of methods) {
      const original = target[method];
      if (typeof original !== 'function') continue;
      target[method] = (...args: unknown[]) => {
        const promise = Promise.resolve(original.apply(client, args));
        const collector = collect && method === 'publish' ? this.collecting : null;
        if (collector) collector.push(promise);
        // The publisher handles collected PUBLISH failures; everything else is reported here.
        promise.catch((error: unknown) => {
          if (!collector) this.options.onError(error, `redis ${method}`);
        });
        return promise;
      };
    }
  }
}

async function closeClient(client: RedisClient): Promise<void> {
  if (!client.isOpen) return;
  if (!client.isReady) {
    destroy(client);
    return;
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const gaveUp = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), 2_000);
  });
  const outcome = await Promise.race([client.close().then(() => 'closed' as const), gaveUp]);
  clearTimeout(timer);
  if (outcome === 'timeout') destroy(client);
}

/**
 * Tears the client down at once. One whose connection was lost can have closed itself meanwhile
 * and then says so (ClientClosedError): it is closed, which is what was asked.
 */
function destroy(client: RedisClient): void {
  try {
    client.destroy();
  } catch (error) {
    if (!(error instanceof ClientClosedError)) throw error;
  }
}
