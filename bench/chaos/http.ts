// HTTP as the chaos workload sees it: every request through the balancer, bounded in time, never
// throwing (a failed or timed-out connection is status 0: the outcome is unknown), and every 5xx
// kept for the checker with its time and body.

import { TEST_ADMIN_TOKEN } from '../../test/support/service-harness.js';
import type { HttpError } from './history.js';

export interface Answer {
  readonly status: number;
  readonly body: string;
}

export interface Http {
  readonly errors: HttpError[];
  call(method: string, path: string, options?: { body?: unknown; admin?: boolean; headers?: Record<string, string>; timeoutMs?: number }): Promise<Answer>;
}

/** The token the instances are started with (test/support/service-harness.ts spawns them). */
export const ADMIN_TOKEN = TEST_ADMIN_TOKEN;

export function createHttp(baseUrl: string): Http {
  const errors: HttpError[] = [];
  return {
    errors,
    call: async (method, path, options = {}) => {
      const headers: Record<string, string> = { ...(options.headers ?? {}) };
      if (options.body !== undefined) headers['content-type'] = 'application/json';
      if (options.admin) headers.authorization = `Bearer ${ADMIN_TOKEN}`;
      let answer: Answer;
      try {
        const response = await fetch(`${baseUrl}${path}`, {
          method,
          headers,
          ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
          signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
        });
        answer = { status: response.status, body: await response.text() };
      } catch {
        answer = { status: 0, body: '' };
      }
      if (answer.status >= 500) errors.push({ t: Date.now(), route: `${method} ${path.replace(/\/\d+/g, '/:id')}`, status: answer.status, body: answer.body.slice(0, 300) });
      return answer;
    },
  };
}
