import { expect } from 'chai';
import { countdownAt, formatCountdown, nextServerSecond, serverSecondOf } from '../../web/page/countdown.js';

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
});
