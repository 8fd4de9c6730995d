import { expect } from 'chai';
import { countdownAt, formatCountdown, nextServerSecond, saleCountdown, serverSecondOf } from '../../packages/live-cards-client/src/countdown.js';

describe('countdown', () => {
  it('shows hours, minutes and seconds as HH:MM:SS', () => {
    expect(formatCountdown((1 * 3_600 + 2 * 60 + 3) * 1_000)).to.equal('01:02:03');
  });

  it('rounds part-seconds up, like saleOpensInSeconds, so it reads 00:00:01 until the instant', () => {
    expect(formatCountdown(1)).to.equal('00:00:01');
    expect(formatCountdown(999)).to.equal('00:00:01');
    expect(formatCountdown(1_000)).to.equal('00:00:01');
    expect(formatCountdown(1_001)).to.equal('00:00:02');
  });

  it('shows 00:00:00 at and after the opening, never a negative time', () => {
    expect(formatCountdown(0)).to.equal('00:00:00');
    expect(formatCountdown(-5_000)).to.equal('00:00:00');
  });

  it('puts whole days in front from one day on', () => {
    expect(formatCountdown(86_399_000)).to.equal('23:59:59');
    expect(formatCountdown(86_400_000)).to.equal('1d 00:00:00');
    expect(formatCountdown((3 * 86_400 + 4 * 3_600 + 5) * 1_000)).to.equal('3d 04:00:05');
  });

  it('steps on whole server seconds', () => {
    const t = Date.UTC(2026, 2, 1, 12, 0, 0, 0);
    expect(serverSecondOf(t + 999)).to.equal(t);
    expect(nextServerSecond(t)).to.equal(t + 1_000);
    expect(nextServerSecond(t + 1)).to.equal(t + 1_000);
    expect(countdownAt(t + 10_000, t + 1_000)).to.equal('00:00:09');
  });

  it('gives a card its countdown from the server clock, digits only while the server says the sale is ahead', () => {
    const openAt = '2026-03-01T12:00:00.000Z';
    const at = (iso: string) => Date.parse(iso);
    expect(saleCountdown({ saleOpensAt: openAt, saleStatus: 'OPEN_SOON_5M' }, at('2026-03-01T11:57:59.400Z'))).to.deep.equal({ secondsLeft: 121, text: '00:02:01' });
    // At the instant, before the server's OPEN arrives: zero, still a countdown (the status is the server's).
    expect(saleCountdown({ saleOpensAt: openAt, saleStatus: 'OPEN_SOON_5M' }, at(openAt) + 30)).to.deep.equal({ secondsLeft: 0, text: '00:00:00' });
    expect(saleCountdown({ saleOpensAt: openAt, saleStatus: 'OPEN' }, at(openAt) + 30)).to.deep.equal({ secondsLeft: 0, text: null });
    expect(saleCountdown({ saleOpensAt: null, saleStatus: 'UNSCHEDULED' }, at(openAt))).to.deep.equal({ secondsLeft: null, text: null });
  });
});
