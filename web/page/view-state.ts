// What the visitor is looking at (keyword, status class, sort, page) and its two spellings: the
// page's own query string, so a reload or a shared link shows the same view, and the search query
// the live view asks the server (`GET /api/concerts/search`). The server decides which cards match;
// this only translates. No DOM here, so it is tested in Node.

import type { SaleStatus, ViewQuery } from 'live-cards-client';

/** The classification of the blueprint: bookable / waiting to open / everything else. */
export type StatusClass = 'all' | 'bookable' | 'soon' | 'other';
export type SortKey = 'sale' | 'title';

export interface PageView {
  readonly keyword: string;
  readonly show: StatusClass;
  readonly sort: SortKey;
  /** 1-based, as the visitor counts. */
  readonly page: number;
  readonly size: number;
}

export const DEFAULT_PAGE_SIZE = 24;
const MAX_PAGE_SIZE = 100;
/** The server refuses longer keywords; a link carrying one is cut, not refused. */
const MAX_KEYWORD_LENGTH = 100;

export const DEFAULT_VIEW: PageView = { keyword: '', show: 'all', sort: 'sale', page: 1, size: DEFAULT_PAGE_SIZE };

/**
 * The statuses of each class, as the server's `saleStatus` filter takes them. "bookable" is OPEN:
 * an open sale whose seats ran out is SOLD_OUT. (A concert with no seats at all is OPEN with its
 * button hidden; the server's filter is by status only, so it is listed as bookable.)
 */
export const CLASS_STATUSES: Readonly<Record<Exclude<StatusClass, 'all'>, readonly SaleStatus[]>> = {
  bookable: ['OPEN'],
  soon: ['PREOPEN', 'OPEN_SOON_1H', 'OPEN_SOON_5M'],
  other: ['UNSCHEDULED', 'SOLD_OUT'],
};

export const CLASS_LABELS: Readonly<Record<StatusClass, string>> = {
  all: 'All',
  bookable: 'Bookable',
  soon: 'Opening soon',
  other: 'Other',
};

export const SORT_LABELS: Readonly<Record<SortKey, string>> = { sale: 'Sale start', title: 'Title' };

const SERVER_SORT: Readonly<Record<SortKey, string>> = { sale: 'saleOpensAt,asc', title: 'title,asc' };

function isClass(value: string | null): value is StatusClass {
  return value !== null && Object.hasOwn(CLASS_LABELS, value);
}

function isSort(value: string | null): value is SortKey {
  return value !== null && Object.hasOwn(SORT_LABELS, value);
}

function wholeNumber(value: string | null, min: number, max: number, fallback: number): number {
  if (value === null || !/^\d{1,6}$/.test(value)) return fallback;
  return Math.min(max, Math.max(min, Number(value)));
}

/** The view a query string (`location.search`) names; anything missing or unreadable is the default. */
export function viewFromSearch(search: string): PageView {
  const params = new URLSearchParams(search);
  const show = params.get('show');
  const sort = params.get('sort');
  return {
    keyword: (params.get('q') ?? '').trim().slice(0, MAX_KEYWORD_LENGTH),
    show: isClass(show) ? show : DEFAULT_VIEW.show,
    sort: isSort(sort) ? sort : DEFAULT_VIEW.sort,
    page: wholeNumber(params.get('page'), 1, 100_000, DEFAULT_VIEW.page),
    size: wholeNumber(params.get('size'), 1, MAX_PAGE_SIZE, DEFAULT_VIEW.size),
  };
}

/** The query string of a view (`?q=…&show=…`), defaults left out; '' for the default view. */
export function searchOfView(view: PageView): string {
  const params = new URLSearchParams();
  if (view.keyword !== '') params.set('q', view.keyword);
  if (view.show !== DEFAULT_VIEW.show) params.set('show', view.show);
  if (view.sort !== DEFAULT_VIEW.sort) params.set('sort', view.sort);
  if (view.page !== DEFAULT_VIEW.page) params.set('page', String(view.page));
  if (view.size !== DEFAULT_VIEW.size) params.set('size', String(view.size));
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

/** What the live view asks the server for this view. */
export function serverQueryOf(view: PageView): ViewQuery {
  const query: Record<string, string | number> = { sort: SERVER_SORT[view.sort], page: view.page - 1, size: view.size };
  if (view.keyword !== '') query.keyword = view.keyword;
  if (view.show !== 'all') query.saleStatus = CLASS_STATUSES[view.show].join(',');
  return query;
}

export function sameView(a: PageView, b: PageView): boolean {
  return searchOfView(a) === searchOfView(b);
}

/** The same view from its first page: a new keyword, class or sort starts at page 1. */
export function withFilters(view: PageView, change: Partial<Pick<PageView, 'keyword' | 'show' | 'sort'>>): PageView {
  return { ...view, ...change, page: 1 };
}
