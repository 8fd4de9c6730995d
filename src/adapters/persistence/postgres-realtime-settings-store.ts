// RealtimeSettingsStore on PostgreSQL: one row (id = 1) shared by every instance, holding the
// settings in force, their source, the application instant they came into force (never the
// database's now()) and what configuration last said. The rule deciding between configuration and
// the admin API is the domain's (realtime-rollout.ts); this only stores and locks the row.

import { REALTIME_MODES, type RealtimeMode, type RealtimeSettings } from '../../domain/realtime/realtime-mode.js';
import type { RealtimeSettingsRecord } from '../../domain/realtime/realtime-rollout.js';
import type { RealtimeSettingsStore, RealtimeSettingsWrite } from '../../application/ports/outbound/realtime-settings-store.js';
import { epochMs, instantParam, type SqlRunner } from './sql-runner.js';

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
  source: 'configuration' | 'admin';
  changed_at: number;
  configured_mode: string | null;
  configured_hybrid_poll_interval_ms: number | null;
}

const RECORD_COLUMNS = `mode, hybrid_poll_interval_ms, source, ${epochMs('changed_at')} as changed_at, configured_mode, configured_hybrid_poll_interval_ms`;
const UPSERT = `insert into realtime_setting (id, mode, hybrid_poll_interval_ms, source, changed_at, configured_mode, configured_hybrid_poll_interval_ms, updated_at)
  values (1, ?, ?, ?, ?::timestamptz, ?, ?, now())`;

export class PostgresRealtimeSettingsStore implements RealtimeSettingsStore, RealtimeSettingsWrite {
  constructor(
    private readonly sql: SqlRunner,
    private readonly reads: SqlRunner = sql,
  ) {}

  async get(): Promise<RealtimeSettings> {
    return (await this.record()).settings;
  }

  async record(): Promise<RealtimeSettingsRecord> {
    const row = await this.reads.one<RealtimeSettingRow>(`select ${RECORD_COLUMNS} from realtime_setting where id = 1`);
    if (!row) throw new RealtimeSettingsMissing();
    return toRecord(row);
  }

  async lockRecord(): Promise<RealtimeSettingsRecord | null> {
    const row = await this.sql.one<RealtimeSettingRow>(`select ${RECORD_COLUMNS} from realtime_setting where id = 1 for update`);
    return row ? toRecord(row) : null;
  }

  async write(record: RealtimeSettingsRecord): Promise<void> {
    await this.sql.affected(
      `${UPSERT} on conflict (id) do update set mode = excluded.mode, hybrid_poll_interval_ms = excluded.hybrid_poll_interval_ms,
         source = excluded.source, changed_at = excluded.changed_at, configured_mode = excluded.configured_mode,
         configured_hybrid_poll_interval_ms = excluded.configured_hybrid_poll_interval_ms, updated_at = now()`,
      paramsOf(record),
    );
  }

  /** Stores `defaults` as configuration's, at `now`, only if no setting exists yet; returns what is in force. */
  async ensure(defaults: RealtimeSettings, now: number): Promise<RealtimeSettings> {
    await this.sql.affected(`${UPSERT} on conflict (id) do nothing`, paramsOf({ settings: defaults, source: 'configuration', changedAt: now, configured: defaults }));
    return this.get();
  }
}

function paramsOf(record: RealtimeSettingsRecord): (string | number | null)[] {
  return [
    record.settings.mode,
    record.settings.hybridPollIntervalMillis,
    record.source,
    instantParam(record.changedAt),
    record.configured?.mode ?? null,
    record.configured?.hybridPollIntervalMillis ?? null,
  ];
}

function toRecord(row: RealtimeSettingRow): RealtimeSettingsRecord {
  const configured =
    row.configured_mode === null || row.configured_hybrid_poll_interval_ms === null
      ? null
      : { mode: modeOf(row.configured_mode), hybridPollIntervalMillis: row.configured_hybrid_poll_interval_ms };
  return { settings: { mode: modeOf(row.mode), hybridPollIntervalMillis: row.hybrid_poll_interval_ms }, source: row.source, changedAt: row.changed_at, configured };
}

function modeOf(mode: string): RealtimeMode {
  if (!(REALTIME_MODES as readonly string[]).includes(mode)) throw new StoredRealtimeModeUnknown(mode);
  return mode as RealtimeMode;
}
