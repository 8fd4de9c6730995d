// Runs SQL with `?` placeholders through MikroORM's connection, or on one pooled session holding a
// transaction. Values always travel quoted by MikroORM's platform (formatQuery); no caller splices
// input into SQL text. A failure that means the database cannot serve now leaves as
// DependencyUnavailable.

import type { QueryResult } from '@mikro-orm/core';
import type { PostgreSqlConnection } from '@mikro-orm/postgresql';
import type pg from 'pg';
import { translated } from './database-unavailable.js';

export type SqlParam = string | number | boolean | null | readonly number[];

export class SqlRunner {
  constructor(
    private readonly connection: PostgreSqlConnection,
    /** The session a transaction runs on (postgres-stores.ts); absent: autocommit statements. */
    private readonly session?: pg.PoolClient,
  ) {}

  async all<T>(sql: string, params: readonly SqlParam[] = []): Promise<T[]> {
    try {
      if (this.session) return (await this.session.query(this.formatted(sql, params))).rows as T[];
      return (await this.connection.execute<T[]>(sql, params, 'all')) as T[];
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
      if (this.session) return (await this.session.query(this.formatted(sql, params))).rowCount ?? 0;
      const result = await this.connection.execute<QueryResult>(sql, params, 'run');
      return result.affectedRows;
    } catch (error) {
      throw translated(error);
    }
  }

  private formatted(sql: string, params: readonly SqlParam[]): string {
    return this.connection.getPlatform().formatQuery(sql, params as unknown[]);
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
