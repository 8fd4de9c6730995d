// RealtimeSettingsStore on PostgreSQL: one row (id = 1) shared by every instance. Configuration
// only seeds it (ensureRealtimeSettings); once stored, the stored value wins over configuration.

import { REALTIME_MODES, type RealtimeMode, type RealtimeSettings } from '../../domain/realtime/realtime-mode.js';
import type { RealtimeSettingsStore, RealtimeSettingsWrite } from '../../application/ports/outbound/realtime-settings-store.js';
import type { SqlRunner } from './sql-runner.js';

export class RealtimeSettingsMissing extends Error {
  override readonly name = 'RealtimeSettingsMissing';
  constructor() {
    super('realtime_setting has no row: run ensureRealtimeSettings() at start');
  }
}

export class StoredRealtimeModeUnknown extends Error {
  override readonly name = 'StoredRealtimeModeUnknown';
  constructor(readonly mode: string) {
    super(`realtime_setting holds an unknown mode "${mode}"`);
  }
}

interface RealtimeSettingRow {
  mode: string;
  hybrid_poll_interval_ms: number;
}

export class PostgresRealtimeSettingsStore implements RealtimeSettingsStore, RealtimeSettingsWrite {
  constructor(
    private readonly sql: SqlRunner,
    private readonly reads: SqlRunner = sql,
  ) {}

  async get(): Promise<RealtimeSettings> {
    const row = await this.reads.one<RealtimeSettingRow>('select mode, hybrid_poll_interval_ms from realtime_setting where id = 1');
    if (!row) throw new RealtimeSettingsMissing();
    if (!isRealtimeMode(row.mode)) throw new StoredRealtimeModeUnknown(row.mode);
    return { mode: row.mode, hybridPollIntervalMillis: row.hybrid_poll_interval_ms };
  }

  async set(settings: RealtimeSettings): Promise<void> {
    await this.sql.affected(
      `insert into realtime_setting (id, mode, hybrid_poll_interval_ms, updated_at) values (1, ?, ?, now())
       on conflict (id) do update set mode = excluded.mode, hybrid_poll_interval_ms = excluded.hybrid_poll_interval_ms, updated_at = now()`,
      [settings.mode, settings.hybridPollIntervalMillis],
    );
  }

  /** Stores `defaults` only if no setting exists yet; returns what is stored afterwards. */
  async ensure(defaults: RealtimeSettings): Promise<RealtimeSettings> {
    await this.sql.affected(
      `insert into realtime_setting (id, mode, hybrid_poll_interval_ms, updated_at) values (1, ?, ?, now())
       on conflict (id) do nothing`,
      [defaults.mode, defaults.hybridPollIntervalMillis],
    );
    return this.get();
  }
}

function isRealtimeMode(mode: string): mode is RealtimeMode {
  return (REALTIME_MODES as readonly string[]).includes(mode);
}
