import { expect } from 'chai';
import { describeClockOffset } from '../../web/page/clock-offset.js';

describe('clock offset wording', () => {
  it('says how far ahead the local clock is, to a tenth of a second', () => {
    expect(describeClockOffset(37_240)).to.equal('your clock is 37.2 s ahead of the server');
  });

  it('says behind for a negative offset', () => {
    expect(describeClockOffset(-90_000)).to.equal('your clock is 90.0 s behind the server');
  });

  it('calls differences under 100 ms in sync', () => {
    expect(describeClockOffset(0)).to.equal('your clock is in sync with the server');
    expect(describeClockOffset(-99)).to.equal('your clock is in sync with the server');
    expect(describeClockOffset(100)).to.equal('your clock is 0.1 s ahead of the server');
  });

  it('switches to minutes and hours for large offsets', () => {
    expect(describeClockOffset(-(5 * 60 + 7) * 1_000)).to.equal('your clock is 5 min 7 s behind the server');
    expect(describeClockOffset((3 * 3_600 + 20 * 60) * 1_000)).to.equal('your clock is 3 h 20 min ahead of the server');
  });

  it('admits when there is no estimate yet', () => {
    expect(describeClockOffset(Number.NaN)).to.equal('clock offset unknown');
  });
});
