// The reservation stand-in: quantity checked at the edge, domain refusals mapped to 404/409/400.

import { expect } from 'chai';
import { ConcertNotFound, InvalidConcert, SaleNotOpen, SeatsUnavailable } from '../../src/domain/errors.js';
import { assertMatchesOpenApi } from '../support/openapi-check.js';
import { fakeDeps, startApp, type ErrorBody, type RunningApp } from './http-fixture.js';

const JSON_HEADERS = { 'content-type': 'application/json' };

describe('HTTP reservations', () => {
  let app: RunningApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  async function reserve(body: string, failure?: Error): Promise<{ status: number; body: unknown; calls: unknown[] }> {
    const fake = fakeDeps(
      failure
        ? {
            reserveSeats: {
              execute: async () => {
                throw failure;
              },
            },
          }
        : {},
    );
    app = await startApp(fake.deps);
    const response = await fetch(`${app.url}/api/concerts/7/reservations`, { method: 'POST', headers: JSON_HEADERS, body });
    return { status: response.status, body: await response.json(), calls: fake.calls.reserve };
  }

  it('takes seats and answers 201 with the card', async () => {
    const result = await reserve('{"quantity":2}');
    expect(result.status).to.equal(201);
    assertMatchesOpenApi('POST', '/api/concerts/{id}/reservations', 201, result.body);
    expect(result.calls).to.deep.equal([{ id: 7, quantity: 2 }]);
  });

  for (const quantity of ['0', '11', '2.5', '"2"', 'null']) {
    it(`rejects quantity ${quantity} with a 400 naming quantity`, async () => {
      const result = await reserve(`{"quantity":${quantity}}`);
      expect(result.status).to.equal(400);
      expect((result.body as ErrorBody).error.details).to.deep.equal([{ field: 'quantity', message: 'quantity must be an integer from 1 to 10' }]);
      expect(result.calls).to.have.length(0);
    });
  }

  it('rejects unknown body keys', async () => {
    const result = await reserve('{"quantity":1,"seat":"A1"}');
    expect(result.status).to.equal(400);
    expect((result.body as ErrorBody).error.details).to.deep.equal([{ field: 'seat', message: 'seat is not a known field' }]);
  });

  it('maps SaleNotOpen to 409 SALE_NOT_OPEN', async () => {
    const result = await reserve('{"quantity":1}', new SaleNotOpen(7, 'PREOPEN'));
    expect(result.status).to.equal(409);
    assertMatchesOpenApi('POST', '/api/concerts/{id}/reservations', 409, result.body);
    expect((result.body as ErrorBody).error).to.deep.include({ code: 'SALE_NOT_OPEN', details: { saleStatus: 'PREOPEN' } });
  });

  it('maps SeatsUnavailable to 409 SEATS_UNAVAILABLE with requested and available', async () => {
    const result = await reserve('{"quantity":5}', new SeatsUnavailable(7, 5, 2));
    expect(result.status).to.equal(409);
    expect((result.body as ErrorBody).error).to.deep.include({ code: 'SEATS_UNAVAILABLE', details: { requested: 5, available: 2 } });
  });

  it('maps ConcertNotFound to 404 CONCERT_NOT_FOUND', async () => {
    const result = await reserve('{"quantity":1}', new ConcertNotFound(7));
    expect(result.status).to.equal(404);
    assertMatchesOpenApi('POST', '/api/concerts/{id}/reservations', 404, result.body);
    expect((result.body as ErrorBody).error.code).to.equal('CONCERT_NOT_FOUND');
  });

  it('maps InvalidConcert to a 400 naming its field', async () => {
    const result = await reserve('{"quantity":1}', new InvalidConcert('totalSeatCount', 'totalSeatCount too small'));
    expect(result.status).to.equal(400);
    expect((result.body as ErrorBody).error).to.deep.include({
      code: 'VALIDATION_FAILED',
      details: [{ field: 'totalSeatCount', message: 'totalSeatCount too small' }],
    });
  });
});
