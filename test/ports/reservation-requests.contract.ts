// Contract of ReservationTransactions with ReservationRequests and ReservationRequestRetention: a
// key's answer is claimed, stored and found within reservation transactions; a second claim of a
// key waits for the first transaction to end; a rollback frees the key; answers expire.

import { expect } from 'chai';
import type { AnsweredRequest } from '../../src/application/ports/outbound/reservation-requests.js';
import { eachStorage, storeConcert, type OpenStorage } from './storage-under-test.js';

const NOW = Date.UTC(2030, 0, 1);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const refused = (fingerprint: string): AnsweredRequest => ({ fingerprint, concertId: 1, outcome: { kind: 'seats-unavailable', requested: 2, available: 1 } });

export function reservationRequestContracts(open: OpenStorage): void {
  describe('ReservationTransactions, ReservationRequests and their retention', () => {
    eachStorage(open, (storage) => {
      const answer = (key: string, given: AnsweredRequest, expiresAt = NOW + 60_000) =>
        storage().reservations.run(async ({ requests }) => {
          expect(await requests.claim(key, NOW)).to.equal(null);
          await requests.record(key, given, expiresAt);
        });
      const claim = (key: string, now = NOW) => storage().reservations.run(({ requests }) => requests.claim(key, now));

      it('finds the answer stored under a key, and nothing under another key', async () => {
        await answer('key-1', refused('1:2'));
        expect(await claim('key-1')).to.deep.equal(refused('1:2'));
        expect(await claim('key-2')).to.equal(null);
      });

      it('keeps an answer with a card exactly as stored', async () => {
        const concert = await storeConcert(storage(), { generalSaleStartAt: NOW - 1_000 }, { publishedStatus: 'OPEN' });
        const card = await storage().reservations.run(async ({ concerts, inventory, requests }) => {
          expect(await requests.claim('with-card', NOW)).to.equal(null);
          const [stored] = await concerts.findByIds([concert.id]);
          const taken = await inventory.takeSeats(concert.id, 2, NOW);
          expect(stored && taken, 'reads and seat writes in the same transaction').to.not.equal(null);
          const given = { id: concert.id, title: concert.title, saleOpensAt: '2029-12-31T23:59:59.000Z', remainingRate: 0.98, reservationButtonEnabled: true, artistGenre: null };
          await requests.record('with-card', { fingerprint: `${concert.id}:2`, concertId: concert.id, outcome: { kind: 'reserved', card: given as never } }, NOW + 60_000);
          return given;
        });
        expect(await claim('with-card')).to.deep.equal({ fingerprint: `${concert.id}:2`, concertId: concert.id, outcome: { kind: 'reserved', card } });
        expect((await storage().stores.concerts.findByIds([concert.id]))[0]?.concert.availableSeatCount, 'the seats committed with the answer').to.equal(98);
      });

      it('frees the key when the transaction that claimed it rolls back, seats included', async () => {
        const concert = await storeConcert(storage(), { generalSaleStartAt: NOW - 1_000 }, { publishedStatus: 'OPEN' });
        const failure = new Error('after the seats, before the commit');
        const outcome = await storage()
          .reservations.run(async ({ inventory, requests }) => {
            await requests.claim('rolled-back', NOW);
            await inventory.takeSeats(concert.id, 3, NOW);
            await requests.record('rolled-back', refused('x'), NOW + 60_000);
            throw failure;
          })
          .catch((error: unknown) => error);
        expect(outcome).to.equal(failure);
        expect(await claim('rolled-back')).to.equal(null);
        expect((await storage().stores.concerts.findByIds([concert.id]))[0]?.concert.availableSeatCount).to.equal(100);
      });

      it('makes a second claim of a key wait until the first transaction ends, then gives it the answer', async () => {
        let release!: () => void;
        const held = new Promise<void>((resolve) => (release = resolve));
        const first = storage().reservations.run(async ({ requests }) => {
          expect(await requests.claim('contended', NOW)).to.equal(null);
          await requests.record('contended', refused('1:2'), NOW + 60_000);
          await held;
        });
        await sleep(50);
        let second: AnsweredRequest | null | 'pending' = 'pending';
        const claiming = claim('contended').then((found) => (second = found));
        await sleep(150);
        expect(second, 'waits while the first holds the key').to.equal('pending');
        release();
        await first;
        await claiming;
        expect(second).to.deep.equal(refused('1:2'));
      });

      it('treats an answer past its time as absent, and prunes only those, oldest first, up to the limit', async () => {
        await answer('old-1', refused('a'), NOW + 1_000);
        await answer('old-2', refused('b'), NOW + 2_000);
        await answer('fresh', refused('c'), NOW + 60_000);
        expect(await claim('old-1', NOW + 999)).to.deep.equal(refused('a'));
        expect(await claim('old-1', NOW + 1_000), 'expired at expiresAt').to.equal(null);
        expect(await storage().stores.requests.pruneExpired(NOW + 5_000, 1)).to.equal(1);
        expect(await storage().stores.requests.pruneExpired(NOW + 5_000, 10)).to.equal(1);
        expect(await storage().stores.requests.pruneExpired(NOW + 5_000, 10)).to.equal(0);
        expect(await claim('fresh', NOW + 5_000)).to.deep.equal(refused('c'));
      });
    });
  });
}
