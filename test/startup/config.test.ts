// Configuration from the environment (CONTRACT.md "Configuration"): defaults on a bare machine, one
// line per bad variable naming it, no secret in those lines, and the built process refusing to
// start with them.

import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig } from '../../src/bootstrap/config.js';

const MAIN = fileURLToPath(new URL('../../src/bootstrap/main.js', import.meta.url));

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  return [];
}

describe('configuration', () => {
  it('starts from defaults on a bare machine: embedded database, demo data, websocket, one instance', () => {
    const config = loadConfig({});
    expect(config).to.include({ port: 8080, host: '127.0.0.1', databaseUrl: null, redisUrl: null, realtimeMode: 'websocket', hybridPollIntervalMs: 30_000, demoSeed: true, adminToken: null });
    expect(loadConfig({ DATABASE_URL: 'postgres://db.example/cards' }).demoSeed, 'no demo data on a real database').to.equal(false);
  });

  it('reports every bad variable on its own line, naming it', () => {
    const problems = problemsOf({
      PORT: '80a',
      HOST: '0.0.0.0 ',
      REALTIME_MODE: 'carrier-pigeon',
      HYBRID_POLL_INTERVAL_MS: '999',
      REDIS_KEY_PREFIX: 'has space',
      DEMO_SEED: 'yes',
      LOG_LEVEL: 'loud',
      MAX_CONNECTIONS: '0',
      CORS_ORIGINS: 'tickets.example',
    });
    expect(problems.map((line) => line.split(':')[0])).to.have.members([
      'PORT',
      'HOST',
      'REALTIME_MODE',
      'HYBRID_POLL_INTERVAL_MS',
      'REDIS_KEY_PREFIX',
      'DEMO_SEED',
      'LOG_LEVEL',
      'MAX_CONNECTIONS',
      'CORS_ORIGINS',
    ]);
    expect(problems.find((line) => line.startsWith('REALTIME_MODE'))).to.equal('REALTIME_MODE: must be one of websocket, hybrid, polling (got "carrier-pigeon")');
  });

  it('has the hardening defaults: metrics on their own port, database timeouts, per-client limits, bounded search pages', () => {
    expect(loadConfig({})).to.deep.include({
      metricsPort: 9464,
      metricsHost: '127.0.0.1',
      metricsToken: null,
      metricsRefreshMs: 5_000,
      databaseTimeouts: { statementMs: 5_000, lockMs: 2_000, idleInTransactionMs: 10_000 },
      reservationRateLimitPerMinute: 30,
      adminAuthFailuresPerMinute: 10,
      trustedProxies: [],
      idempotencyKeyRetentionMs: 86_400_000,
      searchCacheMaxBytes: 16_777_216,
    });
    expect(loadConfig({ METRICS_PORT: 'off', HOST: '0.0.0.0', TRUSTED_PROXIES: '10.0.0.5, ::1' })).to.deep.include({ metricsPort: null, metricsHost: '0.0.0.0', trustedProxies: ['10.0.0.5', '::1'] });
  });

  it('sizes the PostgreSQL pools from DATABASE_POOL_SIZE and AGENDA_POOL_SIZE (10 each by default, at least 2)', () => {
    expect(loadConfig({})).to.deep.include({ databasePoolSize: 10, agendaPoolSize: 10 });
    expect(loadConfig({ DATABASE_POOL_SIZE: '3', AGENDA_POOL_SIZE: '2' })).to.deep.include({ databasePoolSize: 3, agendaPoolSize: 2 });
    expect(problemsOf({ DATABASE_POOL_SIZE: '1', AGENDA_POOL_SIZE: 'ten' }).map((line) => line.split(':')[0])).to.have.members(['DATABASE_POOL_SIZE', 'AGENDA_POOL_SIZE']);
  });

  it('names each bad hardening variable, and never shows the metrics token', () => {
    const problems = problemsOf({
      METRICS_PORT: 'none',
      METRICS_TOKEN: 'a secret with spaces',
      TRUSTED_PROXIES: 'lb.example',
      RESERVATION_RATE_LIMIT_PER_MINUTE: '-1',
      DATABASE_LOCK_TIMEOUT_MS: '2s',
      SEARCH_CACHE_MAX_BYTES: '16MB',
    });
    expect(problems.map((line) => line.split(':')[0])).to.have.members([
      'METRICS_PORT',
      'METRICS_TOKEN',
      'TRUSTED_PROXIES',
      'RESERVATION_RATE_LIMIT_PER_MINUTE',
      'DATABASE_LOCK_TIMEOUT_MS',
      'SEARCH_CACHE_MAX_BYTES',
    ]);
    expect(problems.join('\n')).not.to.include('a secret with spaces');
  });

  it('refuses URLs without a host and an admin token that no Authorization header can carry', () => {
    expect(problemsOf({ DATABASE_URL: 'postgres://' })[0]).to.match(/^DATABASE_URL: must be a URL with scheme postgres or postgresql and a host/);
    expect(problemsOf({ REDIS_URL: 'http://127.0.0.1:6379' })[0]).to.match(/^REDIS_URL: /);
    expect(problemsOf({ ADMIN_TOKEN: 'correct horse battery staple' })[0]).to.match(/^ADMIN_TOKEN: must be at least 16 printable ASCII characters with no spaces/);
    expect(problemsOf({ ADMIN_TOKEN: 'short' })[0]).to.match(/^ADMIN_TOKEN: /);
    expect(loadConfig({ ADMIN_TOKEN: 'x'.repeat(16) }).adminToken).to.equal('x'.repeat(16));
  });

  it('never echoes a secret: the admin token and URLs that may hold a password are not shown', () => {
    const problems = problemsOf({ ADMIN_TOKEN: 'secret token 123456789', DATABASE_URL: 'postgress://app:s3cret@db/app', REDIS_URL: 'redis://:hunter2@' });
    expect(problems).to.have.length(3);
    for (const line of problems) {
      expect(line).to.include('(value not shown)');
      expect(line).not.to.match(/s3cret|hunter2|secret token/);
    }
  });

  it('keeps CORS origins in the form browsers send them', () => {
    expect(loadConfig({ CORS_ORIGINS: 'https://Tickets.Example:443, http://localhost:5173' }).corsOrigins).to.deep.equal(['https://tickets.example', 'http://localhost:5173']);
    expect(problemsOf({ CORS_ORIGINS: 'https://tickets.example/app' })[0]).to.match(/^CORS_ORIGINS: /);
  });

  it('logs human lines on a terminal and JSON otherwise, unless LOG_FORMAT says which', () => {
    expect(loadConfig({}, true).logFormat).to.equal('pretty');
    expect(loadConfig({}, false).logFormat).to.equal('json');
    expect(loadConfig({ LOG_FORMAT: 'json' }, true).logFormat).to.equal('json');
    expect(loadConfig({ LOG_FORMAT: 'pretty' }, false).logFormat).to.equal('pretty');
    expect(problemsOf({ LOG_FORMAT: 'text' })[0]).to.match(/^LOG_FORMAT: /);
  });

  it('serves source maps only when SERVE_SOURCE_MAPS says so', () => {
    expect(loadConfig({}).serveSourceMaps).to.equal(false);
    expect(loadConfig({ SERVE_SOURCE_MAPS: 'true' }).serveSourceMaps).to.equal(true);
    expect(loadConfig({ SERVE_SOURCE_MAPS: '0' }).serveSourceMaps).to.equal(false);
    expect(problemsOf({ SERVE_SOURCE_MAPS: 'yes' })[0]).to.match(/^SERVE_SOURCE_MAPS: /);
  });

  it('stops the built service at start with exit code 2 and one line per bad variable, before it opens anything', async () => {
    const child = spawn(process.execPath, [MAIN], {
      env: { ...process.env, REALTIME_MODE: 'sometimes', PORT: '-1', ADMIN_TOKEN: 'too-short', DATABASE_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).to.equal(2);
    const lines = stderr.trim().split('\n');
    expect(lines.map((line) => line.replace(/^configuration error: (\w+):.*$/, '$1'))).to.have.members(['REALTIME_MODE', 'PORT', 'ADMIN_TOKEN']);
    expect(stderr).not.to.include('too-short');
    expect(stdout, 'nothing started').to.equal('');
  });
});
