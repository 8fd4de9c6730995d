// "Which cards must be published because time or seats moved without a publication?"

export interface CardsDue {
  /** Concerts whose stored next boundary is at or before `instant`, oldest boundary first. */
  boundaryDue(instant: number, limit: number): Promise<number[]>;
  /** Concerts whose seats differ from the published seats, last changed at or before `instant`. */
  inventoryDrift(instant: number, limit: number): Promise<number[]>;
}
