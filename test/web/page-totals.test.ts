// The page reads its paging totals from the snapshots its live view fetches anyway: the fetch it
// hands the client package passes every request through unchanged and adds none.

import { expect } from 'chai';
import { fetchReadingTotals, type PageTotals } from '../../web/page/page-totals.js';

const SEARCH_BODY = { items: [], page: 1, size: 2, totalElements: 5, totalPages: 3, hasNext: true, seq: 9 };

function fakeFetch(calls: string[]): typeof fetch {
  return async (input) => {
    const url = String(input);
    calls.push(url);
    const body = new URL(url).pathname === '/api/concerts/search' ? SEARCH_BODY : { serverNowEpochMs: 1 };
    return new Response(JSON.stringify(body), { status: url.includes('fail') ? 503 : 200, headers: { 'content-type': 'application/json' } });
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('page totals (web/page/page-totals.ts)', () => {
  it('reports the totals of a search answer, and the client still reads the whole body', async () => {
    const calls: string[] = [];
    const seen: PageTotals[] = [];
    const wrapped = fetchReadingTotals((totals) => seen.push(totals), fakeFetch(calls));
    const response = await wrapped(new URL('http://cards.test/api/concerts/search?keyword=urlcase&page=1&size=2'));
    expect(await response.json()).to.deep.equal(SEARCH_BODY);
    await settle();
    expect(seen).to.deep.equal([{ page: 1, size: 2, totalElements: 5, totalPages: 3, hasNext: true }]);
    expect(calls, 'one request, as asked').to.deep.equal(['http://cards.test/api/concerts/search?keyword=urlcase&page=1&size=2']);
  });

  it('reports nothing for other reads or failed answers', async () => {
    const seen: PageTotals[] = [];
    const wrapped = fetchReadingTotals((totals) => seen.push(totals), fakeFetch([]));
    await (await wrapped('http://cards.test/api/time')).json();
    await (await wrapped('http://cards.test/api/concerts/search?fail=1')).json();
    await settle();
    expect(seen).to.deep.equal([]);
  });
});
