// The two log formats of Telemetry: JSON lines for machines (LOG_FORMAT=json, or stdout not a
// terminal), and human lines for a terminal (LOG_FORMAT=pretty, or stdout a terminal), which keep
// the fields a JSON line has but read as time, level, message, one line per entry.

import { expect } from 'chai';
import { Writable } from 'node:stream';
import { Telemetry } from '../../src/adapters/observability/telemetry.js';

function logged(format: 'json' | 'pretty'): string[] {
  const lines: string[] = [];
  // A stream, as stdout is (the pretty printer pipes into it).
  const destination = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const telemetry = new Telemetry({ instanceId: 'cards-1', logLevel: 'info', clock: { now: () => 0 }, format, destination });
  telemetry.logger.info({ dataDir: '.data' }, 'embedded PostgreSQL started');
  telemetry.logger.warn({ context: 'reconcile' }, 'scheduler error');
  return lines.join('').split('\n').filter(Boolean);
}

describe('log format', () => {
  it('writes one JSON object a line in json', () => {
    const [first, second] = logged('json').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(first).to.include({ level: 30, msg: 'embedded PostgreSQL started', dataDir: '.data', instanceId: 'cards-1' });
    expect(second).to.include({ level: 40, msg: 'scheduler error', context: 'reconcile' });
  });

  it('writes human lines in pretty: time, level and message first, then the fields', () => {
    const lines = logged('pretty');
    expect(lines).to.have.length(2);
    expect(lines[0]).to.match(/^\[\d{2}:\d{2}:\d{2}\.\d{3}\] INFO: embedded PostgreSQL started \{"dataDir":".data"\}$/);
    expect(lines[1]).to.match(/WARN: scheduler error \{"context":"reconcile"\}$/);
    for (const line of lines) expect(() => JSON.parse(line), line).to.throw();
    expect(lines.join('\n')).to.not.include('cards-1');
  });
});
