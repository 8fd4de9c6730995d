// The page's view and its two spellings: the URL's query string (reload and shared links) and the
// search query its live view sends (GET /api/concerts/search, CONTRACT.md).

import { expect } from 'chai';
import {
  CLASS_STATUSES,
  DEFAULT_VIEW,
  searchOfView,
  serverQueryOf,
  viewFromSearch,
  withFilters,
  type PageView,
} from '../../web/page/view-state.js';

describe('page view state (web/page/view-state.ts)', () => {
  it('reads back every view it writes, and writes the default view as no query at all', () => {
    const views: PageView[] = [
      DEFAULT_VIEW,
      { keyword: 'zeta', show: 'soon', sort: 'title', page: 3, size: 2 },
      { keyword: 'Sigur Rós & co', show: 'bookable', sort: 'sale', page: 1, size: 24 },
      { keyword: '', show: 'other', sort: 'title', page: 12, size: 100 },
    ];
    for (const view of views) expect(viewFromSearch(searchOfView(view)), searchOfView(view)).to.deep.equal(view);
    expect(searchOfView(DEFAULT_VIEW)).to.equal('');
    expect(searchOfView({ ...DEFAULT_VIEW, keyword: 'zeta', show: 'soon' })).to.equal('?q=zeta&show=soon');
  });

  it('takes anything unreadable in a link as the default, and clamps numbers to what the server serves', () => {
    expect(viewFromSearch('?show=everything&sort=price&page=-1&size=abc')).to.deep.equal(DEFAULT_VIEW);
    expect(viewFromSearch('?page=0&size=1000')).to.include({ page: 1, size: 100 });
    expect(viewFromSearch(`?q=${'x'.repeat(150)}`).keyword).to.have.length(100);
    expect(viewFromSearch('?q=%20%20zeta%20').keyword).to.equal('zeta');
  });

  it('asks the server for the class as a saleStatus list, the sort by field, and the page 0-based', () => {
    expect(serverQueryOf({ keyword: 'zeta', show: 'soon', sort: 'title', page: 2, size: 5 })).to.deep.equal({
      keyword: 'zeta',
      saleStatus: 'PREOPEN,OPEN_SOON_1H,OPEN_SOON_5M',
      sort: 'title,asc',
      page: 1,
      size: 5,
    });
    expect(serverQueryOf({ ...DEFAULT_VIEW, show: 'bookable' })).to.deep.equal({ saleStatus: 'OPEN', sort: 'saleOpensAt,asc', page: 0, size: 24 });
    expect(serverQueryOf(DEFAULT_VIEW)).to.not.have.any.keys('keyword', 'saleStatus');
  });

  it('puts every sale status in exactly one class', () => {
    const all = ['UNSCHEDULED', 'PREOPEN', 'OPEN_SOON_1H', 'OPEN_SOON_5M', 'OPEN', 'SOLD_OUT'];
    const classed = Object.values(CLASS_STATUSES).flat();
    expect([...classed].sort()).to.deep.equal([...all].sort());
  });

  it('starts a new keyword, class or sort from page 1, keeping the page size', () => {
    expect(withFilters({ keyword: 'a', show: 'all', sort: 'sale', page: 4, size: 2 }, { show: 'other' })).to.deep.equal({
      keyword: 'a',
      show: 'other',
      sort: 'sale',
      page: 1,
      size: 2,
    });
  });
});
