// The failures a use case may end with, for inbound adapters to translate once: the domain's named
// refusals, a reservation key's misuse or replayed refusal, and a dependency that cannot be reached.

export { ConcertNotFound, InvalidConcert, SaleNotOpen, SeatsUnavailable } from '../../../domain/errors.js';
export { IdempotencyKeyReused, ReplayedRefusal } from './reserve-seats.js';
export { DependencyUnavailable } from '../outbound/dependency-unavailable.js';
