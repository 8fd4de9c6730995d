// Every outbound storage port's contract, for one kind of storage.

import { cardStatePortContracts } from './card-state-ports.contract.js';
import { concertPortContracts } from './concert-ports.contract.js';
import { concertSearchContracts } from './concert-search.contract.js';
import { outboxPortContracts } from './outbox-ports.contract.js';
import { reservationRequestContracts } from './reservation-requests.contract.js';
import type { OpenStorage } from './storage-under-test.js';
import { transactionPortContracts } from './transaction-ports.contract.js';

export function storagePortContracts(open: OpenStorage): void {
  concertPortContracts(open);
  concertSearchContracts(open);
  cardStatePortContracts(open);
  outboxPortContracts(open);
  transactionPortContracts(open);
  reservationRequestContracts(open);
}
