// The two time formats the API accepts, parsed strictly: real dates only, instants only with an offset.

import { expect } from 'chai';
import { isCalendarDate, parseInstant } from '../../src/adapters/http/validation/calendar.js';

describe('HTTP calendar parsing', () => {
  it('reads an instant with Z, with an offset, and with more than millisecond precision', () => {
    expect(parseInstant('2026-03-01T12:00:00Z')).to.deep.equal({ ok: true, epochMs: Date.UTC(2026, 2, 1, 12) });
    expect(parseInstant('2026-03-01T21:30:00.123+09:30')).to.deep.equal({ ok: true, epochMs: Date.UTC(2026, 2, 1, 12, 0, 0, 123) });
    expect(parseInstant('2026-03-01T07:00:00.1239-05:00')).to.deep.equal({ ok: true, epochMs: Date.UTC(2026, 2, 1, 12, 0, 0, 123) });
    expect(parseInstant('2026-03-01t12:00:00z'), 'RFC 3339 allows lower case').to.deep.equal({ ok: true, epochMs: Date.UTC(2026, 2, 1, 12) });
  });

  it('refuses what RFC 3339 (format: date-time) refuses, saying what to write instead', () => {
    for (const text of ['2026-03-01T12:00Z', '2026-03-01T21:00+09:00', '2026-03-01T12:00']) {
      expect(parseInstant(text), text).to.deep.equal({ ok: false, reason: 'seconds' });
    }
    for (const text of ['2026-03-01T21:00:00+0900', '2026-03-01T21:00:00.5-0530']) {
      expect(parseInstant(text), text).to.deep.equal({ ok: false, reason: 'offset' });
    }
  });

  it('keeps years below 100 as they are written', () => {
    const parsed = parseInstant('0099-01-01T00:00:00Z');
    expect(parsed.ok && new Date(parsed.epochMs).getUTCFullYear()).to.equal(99);
  });

  it('refuses instants outside years 1 to 9999 in UTC, which neither PostgreSQL nor the wire format holds', () => {
    for (const text of ['0000-06-01T00:00:00Z', '0001-01-01T00:00:00+01:00', '9999-12-31T23:00:00-18:00']) {
      expect(parseInstant(text), text).to.deep.equal({ ok: false, reason: 'range' });
    }
    expect(parseInstant('0001-01-01T00:00:00Z').ok).to.equal(true);
    expect(parseInstant('9999-12-31T23:59:59.999Z').ok).to.equal(true);
  });

  it('refuses a zone-less local time as such', () => {
    expect(parseInstant('2026-03-01T12:00:00')).to.deep.equal({ ok: false, reason: 'zoneless' });
    expect(parseInstant('2026-03-01T12:00:00.000')).to.deep.equal({ ok: false, reason: 'zoneless' });
  });

  it('refuses impossible instants and other formats', () => {
    for (const text of ['2026-02-29T00:00:00Z', '2026-13-01T00:00:00Z', '2026-03-01T24:00:00Z', '2026-03-01T12:60:00Z',
      '2026-03-01T12:00:60Z', '2026-03-01T12:00:00+19:00', '2026-03-01', '2026-03-01 12:00:00Z', 'tomorrow', '']) {
      expect(parseInstant(text), text).to.deep.equal({ ok: false, reason: 'format' });
    }
  });

  it('accepts real calendar dates only', () => {
    expect(isCalendarDate('2024-02-29')).to.equal(true);
    expect(isCalendarDate('2023-02-29')).to.equal(false);
    expect(isCalendarDate('2023-04-31')).to.equal(false);
    expect(isCalendarDate('2023-4-3')).to.equal(false);
    expect(isCalendarDate('2023-04-03T00:00:00Z')).to.equal(false);
    expect(isCalendarDate('0000-01-01'), 'there is no year 0').to.equal(false);
    expect(isCalendarDate('0001-01-01')).to.equal(true);
  });
});
