// The search semantics of the ConcertSearch port, in memory (the contract suite holds the fake and
// the SQL to the same answers): case-insensitive substring on title, artist and entertainment
// (`%` and `_` literal), a numeric keyword also matching the id, exact case-insensitive filters,
// sale statuses by the domain's own rule at the read's instant,
// and sorts by field then id with nulls last ascending and first descending.

import type { Concert } from '../../../src/domain/card/concert.js';
import type { ConcertSearchQuery, SortField } from '../../../src/domain/card/card-query.js';
import { decideSaleState } from '../../../src/domain/card/sale-status.js';

const lower = (text: string | null) => (text === null ? null : text.toLowerCase());

export function matchesSearch(concert: Concert, query: ConcertSearchQuery, now: number): boolean {
  if (query.keyword !== null) {
    const keyword = query.keyword.toLowerCase();
    const texts = [concert.title, concert.artistName, concert.entertainmentName].map(lower);
    const trimmed = query.keyword.trim();
    const idMatch = /^\d{1,16}$/.test(trimmed) && Number(trimmed) === concert.id;
    if (!idMatch && !texts.some((text) => text !== null && text.includes(keyword))) return false;
  }
  if (query.artistName !== null && lower(concert.artistName) !== query.artistName.toLowerCase()) return false;
  if (query.entertainmentName !== null && lower(concert.entertainmentName) !== query.entertainmentName.toLowerCase()) return false;
  if (query.saleStatuses !== null && !query.saleStatuses.includes(decideSaleState(concert.generalSaleStartAt, concert, now).saleStatus)) return false;
  return true;
}

function sortValue(concert: Concert, field: SortField): string | number | null {
  switch (field) {
    case 'id':
      return concert.id;
    case 'title':
      return concert.title;
    case 'artistName':
      return concert.artistName;
    case 'entertainmentName':
      return concert.entertainmentName;
    case 'saleOpensAt':
      return concert.generalSaleStartAt;
  }
}

export function compareSearchRows(a: Concert, b: Concert, sort: ConcertSearchQuery['sort']): number {
  const sign = sort.direction === 'asc' ? 1 : -1;
  const [x, y] = [sortValue(a, sort.field), sortValue(b, sort.field)];
  if (x !== y) {
    // PostgreSQL's default: nulls sort as if larger than every value.
    if (x === null) return sign;
    if (y === null) return -sign;
    return (x < y ? -1 : 1) * sign;
  }
  return (a.id - b.id) * sign;
}
