import { Parser, DiagnosticSeverity } from '@asyncapi/parser';
import { expect } from 'chai';
import { asyncApiDocument } from '../../src/adapters/realtime/asyncapi.js';
import { cardSchema } from '../../src/contract/wire.js';
import { assertMatchesAsyncApi, asyncApiMessageNames, socketIoMessage } from '../support/asyncapi-check.js';
import { aCard, aLiveEvent } from './live-event-builder.js';
import { toHeartbeatEvent, toNoticeEvent, toRefreshEvent } from '../../src/adapters/realtime/live-wire.js';

describe('AsyncAPI document of the live stream', () => {
  it('is a valid AsyncAPI 3.0 document with no error diagnostics', async () => {
    const { document, diagnostics } = await new Parser().parse(JSON.stringify(asyncApiDocument));
    const errors = diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error);
    expect(errors.map((e) => `${e.path.join('.')}: ${e.message}`)).to.deep.equal([]);
    expect(document?.version()).to.equal('3.0.0');
    expect(document?.channels().all().map((c) => c.address())).to.deep.equal(['/concerts']);
  });

  it('names every event of CONTRACT.md', () => {
    expect(asyncApiMessageNames()).to.have.members(['CONCERTS_REFRESH', 'CONCERTS_HEARTBEAT', 'time:sync', 'time:sync ack', 'cards:watch', 'cards:watch ack']);
  });

  it('requires every card field the wire schema defines, and allows no other', () => {
    const card = asyncApiDocument.components.schemas.Card as { required: string[]; additionalProperties: boolean };
    expect([...card.required].sort()).to.deep.equal(Object.keys(cardSchema.shape).sort());
    expect(card.additionalProperties).to.equal(false);
    const refresh = (overrides: object) => ({ ...toRefreshEvent(aLiveEvent(), 'node-a', 'e1'), items: [{ ...aCard(), ...overrides }] });
    expect(() => assertMatchesAsyncApi('CONCERTS_REFRESH', refresh({ artistGenre: null })), 'optional metadata may be null').not.to.throw();
    expect(() => assertMatchesAsyncApi('CONCERTS_REFRESH', refresh({ title: null })), 'a title may not').to.throw(/title/);
  });

  it('accepts the payloads the gateway builds', () => {
    const event = aLiveEvent({ items: [aCard({ id: 3 }), aCard({ id: 4, saleOpensAt: null, saleOpensInSeconds: null, saleStatus: 'UNSCHEDULED' })], removedIds: [9] });
    assertMatchesAsyncApi('CONCERTS_REFRESH', toRefreshEvent(event, 'node-a', 'e1'));
    assertMatchesAsyncApi('CONCERTS_REFRESH', toRefreshEvent(event, 'node-a', 'e1', new Set([4, 9])));
    assertMatchesAsyncApi(
      'CONCERTS_REFRESH',
      toNoticeEvent({ changedIds: [3, 5], changedFields: ['created', 'saleStatus'], seq: 8, epoch: 'e1', settings: event.settings, serverNowEpochMs: 1_767_225_600_000 }, 'node-a'),
    );
    assertMatchesAsyncApi('CONCERTS_HEARTBEAT', toHeartbeatEvent({ seq: 7, epoch: 'e1', serverNowEpochMs: 1_767_225_600_000, settings: event.settings }));
    assertMatchesAsyncApi('time:sync ack', { serverNowEpochMs: 1_767_225_600_000, clientSentAtMs: 1_767_225_599_000.5 });
    assertMatchesAsyncApi('cards:watch', { ids: [1, 2], afterSeq: 7, epoch: 'e1' });
    assertMatchesAsyncApi('cards:watch', { all: true });
    assertMatchesAsyncApi('cards:watch ack', { watching: [1, 2], replayed: 3 });
    assertMatchesAsyncApi('cards:watch ack', { watching: 'all', resyncRequired: true });
    assertMatchesAsyncApi('cards:watch ack', { error: { code: 'INVALID_WATCH', message: 'no' } });
  });

  it('rejects a card with a missing field, an extra field or a zone-less saleOpensAt', () => {
    const refresh = (card: object) => ({ ...toRefreshEvent(aLiveEvent(), 'node-a', 'e1'), items: [card] });
    const { artistGenre: _dropped, ...missing } = aCard();
    expect(() => assertMatchesAsyncApi('CONCERTS_REFRESH', refresh(missing))).to.throw(/artistGenre/);
    expect(() => assertMatchesAsyncApi('CONCERTS_REFRESH', refresh({ ...aCard(), extra: 1 }))).to.throw(/additional/);
    expect(() => assertMatchesAsyncApi('CONCERTS_REFRESH', refresh(aCard({ saleOpensAt: '2026-03-01T12:00:00' })))).to.throw(/saleOpensAt/);
  });
});

describe('AsyncAPI check of frames as a browser receives them', () => {
  const beat = { seq: 3, epoch: 'e1', serverNow: '2026-03-01T11:00:00.250Z', serverNowEpochMs: 1_772_362_800_250, realtimeMode: 'websocket', hybridPollIntervalMillis: 30_000 };

  it('reads events and acks on the namespace, and nothing else', () => {
    expect(socketIoMessage(`42/concerts,["CONCERTS_HEARTBEAT",${JSON.stringify(beat)}]`)).to.deep.equal({ kind: 'event', name: 'CONCERTS_HEARTBEAT', ackId: null, args: [beat] });
    expect(socketIoMessage('42/concerts,7["time:sync",1700000000000]')).to.deep.equal({ kind: 'event', name: 'time:sync', ackId: 7, args: [1_700_000_000_000] });
    expect(socketIoMessage('43/concerts,7[{"serverNowEpochMs":1,"clientSentAtMs":2}]')).to.deep.equal({ kind: 'ack', ackId: 7, args: [{ serverNowEpochMs: 1, clientSentAtMs: 2 }] });
    for (const other of ['2', '3', '40/concerts,{"sid":"x"}', '42["CONCERTS_HEARTBEAT",{}]', '42/other,["x",1]']) expect(socketIoMessage(other), other).to.equal(null);
  });

  it('passes a payload the document describes and fails one it does not', () => {
    assertMatchesAsyncApi('CONCERTS_HEARTBEAT', beat);
    expect(() => assertMatchesAsyncApi('CONCERTS_HEARTBEAT', { ...beat, extra: 1 })).to.throw(/additional properties/);
    expect(() => assertMatchesAsyncApi('CONCERTS_HEARTBEAT', { ...beat, seq: -1 })).to.throw(/seq/);
  });
});
