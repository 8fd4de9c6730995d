// Domain errors are values with names; the HTTP adapter maps each to a status once.

export class ConcertNotFound extends Error {
  override readonly name = 'ConcertNotFound';
  constructor(readonly concertId: number) {
    super(`concert ${concertId} does not exist`);
  }
}

export class SaleNotOpen extends Error {
  override readonly name = 'SaleNotOpen';
  constructor(readonly concertId: number, readonly saleStatus: string) {
    super(`sale for concert ${concertId} is not open (status ${saleStatus})`);
  }
}

export class SeatsUnavailable extends Error {
  override readonly name = 'SeatsUnavailable';
  constructor(readonly concertId: number, readonly requested: number, readonly available: number) {
    super(`concert ${concertId} has ${available} seats left, ${requested} requested`);
  }
}

export class InvalidConcert extends Error {
  override readonly name = 'InvalidConcert';
  constructor(readonly field: string, message: string) {
    super(message);
  }
}

export type DomainError = ConcertNotFound | SaleNotOpen | SeatsUnavailable | InvalidConcert;
