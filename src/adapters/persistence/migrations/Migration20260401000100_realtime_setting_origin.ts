// Where the realtime setting in force came from (issue 13.10): its source (`configuration` or
// `admin`), the application instant it came into force, and what configuration said when it last
// took effect. Existing rows get no configured value, so the first start after this migration
// applies the configured mode (which is what restarting with REALTIME_MODE was always meant to
// do); their changed_at is the last audit stamp they had.

import { Migration } from '@mikro-orm/migrations';

export class Migration20260401000100RealtimeSettingOrigin extends Migration {
  override name = 'Migration20260401000100_realtime_setting_origin';

  override up(): void {
    this.addSql(`alter table realtime_setting
      add column source text not null default 'configuration',
      add column changed_at timestamptz null,
      add column configured_mode text null,
      add column configured_hybrid_poll_interval_ms integer null`);
    this.addSql('update realtime_setting set changed_at = updated_at');
    this.addSql('alter table realtime_setting alter column changed_at set not null, alter column source drop default');
    this.addSql("alter table realtime_setting add constraint realtime_setting_source check (source in ('configuration', 'admin'))");
  }

  override down(): void {
    this.addSql(`alter table realtime_setting drop constraint realtime_setting_source,
      drop column source, drop column changed_at, drop column configured_mode, drop column configured_hybrid_poll_interval_ms`);
  }
}
