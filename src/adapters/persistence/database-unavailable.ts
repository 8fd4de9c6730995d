// Which failures mean "the database cannot be reached" rather than "this statement is wrong": the
// connection-level SQLSTATEs (class 08, admin shutdown 57P01, cannot-connect-now 57P03), socket
// errors on the database connection, and the pool's connect timeout. The adapter turns them into
// DependencyUnavailable, so inbound adapters answer 503 without knowing any SQLSTATE.

import { DependencyUnavailable } from '../../application/ports/outbound/dependency-unavailable.js';

const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', '57P01', '57P03', '08000', '08003', '08006', '08001', '08004']);
const UNREACHABLE_MESSAGE = /connect(ion)? (timeout|terminated|refused)|timeout exceeded when trying to connect|Connection terminated/i;

export function isDatabaseUnreachable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && UNREACHABLE_CODES.has(code)) return true;
  return error instanceof Error && UNREACHABLE_MESSAGE.test(error.message);
}

/** `error` as DependencyUnavailable when it means the database is unreachable, else unchanged. */
export function translated(error: unknown): unknown {
  if (error instanceof DependencyUnavailable || !isDatabaseUnreachable(error)) return error;
  return new DependencyUnavailable('database', { cause: error });
}
