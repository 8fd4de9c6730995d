// Runs SQL with `?` placeholders through MikroORM's connection, inside a transaction when given one.
// Values always travel as parameters (MikroORM quotes them); no caller splices input into SQL text.
// A failure that means the database is unreachable leaves as DependencyUnavailable.

import type { QueryResult, Transaction } from '@mikro-orm/core';
import type { PostgreSqlConnection } from '@mikro-orm/postgresql';
import { translated } from './database-unavailable.js';

export type SqlParam = string | number | boolean | null | readonly number[];

export class SqlRunner {
  constructor(
    private readonly connection: PostgreSqlConnection,
    private readonly transaction?: Transaction,
  ) {}

  async all<T>(sql: string, params: readonly SqlParam[] = []): Promise<T[]> {
    try {
      return (await this.connection.execute<T[]>(sql, params, 'all', this.transaction)) as T[];
    } catch (error) {
      throw translated(error);
    }
  }

  async one<T>(sql: string, params: readonly SqlParam[] = []): Promise<T | undefined> {
    const rows = await this.all<T>(sql, params);
    return rows[0];
  }

  /** Runs a statement and returns how many rows it changed. */
  async affected(sql: string, params: readonly SqlParam[] = []): Promise<number> {
    try {
      const result = await this.connection.execute<QueryResult>(sql, params, 'run', this.transaction);
      return result.affectedRows;
    } catch (error) {
      throw translated(error);
    }
  }
}

/** A timestamptz parameter from epoch milliseconds (ISO text keeps the millisecond exact). */
export function instantParam(epochMs: number | null): string | null {
  return epochMs === null ? null : new Date(epochMs).toISOString();
}

/** SQL that reads a timestamptz column as epoch milliseconds (a float8, so pg returns a number). */
export function epochMs(column: string): string {
  return `(extract(epoch from ${column}) * 1000)::float8`;
}
