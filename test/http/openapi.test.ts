// The OpenAPI document is valid OpenAPI 3.1, its component schemas compile under ajv's 2020
// dialect in strict mode, it covers every route the app serves, and it is what /openapi.json serves.

import type Router from '@koa/router';
import { expect } from 'chai';
import { validate, compileErrors } from '@readme/openapi-parser';
import { createHttpApp } from '../../src/adapters/http/http-app.js';
import { asyncApiDocument } from '../../src/adapters/realtime/asyncapi.js';
import { openApiDocument } from '../../src/adapters/http/openapi.js';
import { compileComponentSchemas } from '../support/openapi-check.js';
import { aCard, fakeDeps, startApp } from './http-fixture.js';
import { assertAnswerMatchesOpenApi, assertMatchesOpenApi } from '../support/openapi-check.js';

describe('OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const result = await validate(structuredClone(openApiDocument) as never);
    expect(result.valid, result.valid ? '' : compileErrors(result)).to.equal(true);
  });

  it('has component schemas that compile (strict, 2020-12)', () => {
    expect(compileComponentSchemas()).to.include.members([
      'Card', 'SearchResponse', 'CardResponse', 'Error', 'ConcertInput', 'RealtimeSettings',
    ]);
  });

  it('requires every Card field and allows no other', () => {
    const card = openApiDocument.components.schemas.Card as { required: string[]; additionalProperties: boolean };
    expect(card.additionalProperties).to.equal(false);
    expect([...card.required].sort()).to.deep.equal(Object.keys(aCard()).sort());
  });

  it('documents every route the app serves, and nothing else', () => {
    // With the documents the service serves beside it (bootstrap/service.ts).
    const app = createHttpApp(fakeDeps({ documents: { '/asyncapi.json': asyncApiDocument } }).deps);
    const router = app.middleware
      .map((middleware) => (middleware as { router?: Router }).router)
      .find((found) => found !== undefined);
    const served = (router?.stack ?? []).flatMap((layer) =>
      layer.methods.filter((method) => method !== 'HEAD').map((method) => `${method} ${String(layer.path).replace(/:(\w+)/g, '{$1}')}`),
    );
    const documented = Object.entries(openApiDocument.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(served).to.have.length(15);
    expect(documented.sort()).to.deep.equal(served.sort());
  });

  it('rejects a card missing a field or carrying an extra one', () => {
    const { version: _version, ...withoutVersion } = aCard();
    expect(() => assertMatchesOpenApi('GET', '/api/concerts/{id}/card', 200, { card: withoutVersion, serverNow: '2026-03-01T11:00:00.250Z', serverNowEpochMs: 1, seq: 0, epoch: 'e1' })).to.throw(/version/);
    expect(() => assertMatchesOpenApi('GET', '/api/concerts/{id}/card', 200, { card: { ...aCard(), extra: 1 }, serverNow: '2026-03-01T11:00:00.250Z', serverNowEpochMs: 1, seq: 0, epoch: 'e1' })).to.throw(/additional/);
  });

  it('checks formats, statuses and content types, not only shapes', () => {
    const answer = (card: unknown) => ({ card, serverNow: '2026-03-01T11:00:00.250Z', serverNowEpochMs: 1, seq: 0, epoch: 'e1', protocolVersion: 1 });
    expect(() => assertMatchesOpenApi('GET', '/api/concerts/{id}/card', 200, answer(aCard({ thumbnailUrl: 'https://img.example.com/a b.png' })))).to.throw(/thumbnailUrl must match format "uri"/);
    expect(() => assertMatchesOpenApi('GET', '/api/concerts/{id}/card', 200, answer(aCard({ saleOpensAt: '2026-03-01T12:00Z' })))).to.throw(/saleOpensAt/);
    expect(() => assertMatchesOpenApi('GET', '/api/concerts/{id}/card', 418, {})).to.throw(/documents no 418 response/);
    const ok = { status: 200, contentType: 'application/json; charset=utf-8', body: JSON.stringify(answer(aCard())) };
    expect(assertAnswerMatchesOpenApi('GET', '/api/concerts/7/card', ok)).to.deep.equal({ operationId: 'getCard', status: 200 });
    expect(() => assertAnswerMatchesOpenApi('GET', '/api/concerts/7/card', { ...ok, contentType: 'text/html' })).to.throw(/content type text\/html/);
    expect(() => assertAnswerMatchesOpenApi('GET', '/api/concerts/7/card/', ok)).to.throw(/no operation/);
    expect(() => assertAnswerMatchesOpenApi('DELETE', '/api/admin/concerts/7', { status: 204, contentType: null, body: '{}' })).to.throw(/promises no body/);
  });

  it('is served at /openapi.json', async () => {
    const app = await startApp(fakeDeps().deps);
    try {
      const response = await fetch(`${app.url}/openapi.json`);
      expect(response.status).to.equal(200);
      expect(await response.json()).to.deep.equal(JSON.parse(JSON.stringify(openApiDocument)));
    } finally {
      await app.close();
    }
  });
});
