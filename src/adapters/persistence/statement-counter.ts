// Counts the SQL statements a pg pool sends, for the service's own `db_statements_total` metric
// (pg_stat_statements is not loadable everywhere, and it cannot tell one instance from another).
// Every physical connection the pool opens gets its `query` wrapped once, on the pool's `connect`
// event, before the connection is handed to anyone: a statement is one `query` call on a client,
// whoever makes it (MikroORM's execute, a transaction's session, an advisory-lock holder).

import type pg from 'pg';

export type StatementListener = () => void;

const COUNTED = Symbol('statements counted');

export function countStatementsOn(pool: pg.Pool, onStatement: StatementListener): void {
  pool.on('connect', (client: pg.PoolClient & { [COUNTED]?: true }) => {
    if (client[COUNTED]) return;
    client[COUNTED] = true;
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      onStatement();
      return query(...args);
    };
  });
}
