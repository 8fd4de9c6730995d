// Which failures mean "the database cannot serve this now" rather than "this statement is wrong":
// the connection-level SQLSTATEs (class 08, admin shutdown 57P01, cannot-connect-now 57P03),
// socket errors on the database connection and the pool's connect timeout, and the session
// timeouts this adapter sets (open-persistence.ts): a statement cancelled by statement_timeout
// (57014), a lock not granted within lock_timeout (55P03), a session ended by
// idle_in_transaction_session_timeout (25P03, then a connection that is no longer queryable).
// The adapter turns them into DependencyUnavailable, so inbound adapters answer 503 without
// knowing any SQLSTATE, and the caller may retry: nothing was committed.

import { DependencyUnavailable } from '../../application/ports/outbound/dependency-unavailable.js';

const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', '57P01', '57P03', '08000', '08003', '08006', '08001', '08004']);
const TIMEOUT_CODES = new Set(['57014', '55P03', '25P03']);
const UNREACHABLE_MESSAGE = /connect(ion)? (timeout|terminated|refused)|timeout exceeded when trying to connect|Connection terminated|not queryable/i;

export function isDatabaseUnreachable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && (UNREACHABLE_CODES.has(code) || TIMEOUT_CODES.has(code))) return true;
  return error instanceof Error && UNREACHABLE_MESSAGE.test(error.message);
}

/** `error` as DependencyUnavailable when it means the database cannot serve now, else unchanged. */
export function translated(error: unknown): unknown {
  if (error instanceof DependencyUnavailable || !isDatabaseUnreachable(error)) return error;
  return new DependencyUnavailable('database', { cause: error });
}
