// What a change does to the catalogue as views built from a query see it: concerts created or
// removed, and the fields a search can match, sort or filter by (title, artist, entertainment, sale
// start, sale status). A view that shows a page of a query re-reads it when a change could move
// what the page holds; the seats left, for instance, cannot.

import type { Concert } from './concert.js';
import type { SaleStatus } from './sale-status.js';

export const CATALOGUE_FIELDS = ['created', 'removed', 'title', 'artistName', 'entertainmentName', 'saleOpensAt', 'saleStatus'] as const;
export type CatalogueField = (typeof CATALOGUE_FIELDS)[number];

export interface CatalogueChange {
  readonly changedIds: readonly number[];
  readonly changedFields: readonly CatalogueField[];
}

/** The catalogue fields an edit from `before` to `after` changed (sale status aside). */
export function editedCatalogueFields(before: Concert, after: Concert): CatalogueField[] {
  const fields: CatalogueField[] = [];
  if (before.title !== after.title) fields.push('title');
  if (before.artistName !== after.artistName) fields.push('artistName');
  if (before.entertainmentName !== after.entertainmentName) fields.push('entertainmentName');
  if (before.generalSaleStartAt !== after.generalSaleStartAt) fields.push('saleOpensAt');
  return fields;
}

/** Gathers per-concert catalogue changes into one, ids and fields each once, in a stable order. */
export class CatalogueChanges {
  private readonly ids = new Set<number>();
  private readonly fields = new Set<CatalogueField>();

  add(concertId: number, fields: readonly CatalogueField[]): void {
    if (fields.length === 0) return;
    this.ids.add(concertId);
    for (const field of fields) this.fields.add(field);
  }

  statusMoved(concertId: number, before: SaleStatus, after: SaleStatus): void {
    if (before !== after) this.add(concertId, ['saleStatus']);
  }

  merge(change: CatalogueChange): void {
    for (const id of change.changedIds) this.ids.add(id);
    for (const field of change.changedFields) this.fields.add(field);
  }

  clear(): void {
    this.ids.clear();
    this.fields.clear();
  }

  /** The gathered change, or null when nothing the catalogue shows moved. */
  result(): CatalogueChange | null {
    if (this.ids.size === 0) return null;
    return { changedIds: [...this.ids].sort((a, b) => a - b), changedFields: CATALOGUE_FIELDS.filter((field) => this.fields.has(field)) };
  }
}
