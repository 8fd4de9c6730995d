// The card's shape is defined twice by necessity — derived in the domain (from the concert and the
// sale state), declared once on the wire (src/contract, from which OpenAPI and AsyncAPI come) —
// and these tests hold the two to each other in both directions, with the enums beside them.
// (The compiler checks one direction too: every adapter passes domain cards to toCardJson.)

import { expect } from 'chai';
import { SALE_STATUSES as DOMAIN_SALE_STATUSES } from '../../src/domain/card/sale-status.js';
import {
  LIVE_EVENT_REASONS,
  POLL_INTERVAL_MAX_MS,
  POLL_INTERVAL_MIN_MS,
  REALTIME_MODES as DOMAIN_REALTIME_MODES,
} from '../../src/domain/realtime/realtime-mode.js';
import { CATALOGUE_FIELDS, POLL_INTERVAL_RANGE, REALTIME_MODES, REFRESH_REASONS, SALE_STATUSES, cardSchema, type CardJson } from '../../src/contract/wire.js';
import { CATALOGUE_FIELDS as DOMAIN_CATALOGUE_FIELDS } from '../../src/domain/card/catalogue-change.js';
import { toCardJson } from '../../src/contract/wire-projection.js';
import { aCard } from '../support/card-mother.js';

describe('contract: the wire card and the domain card', () => {
  it('have exactly the same fields: none on the domain card is left off the wire, none on the wire is missing from it', () => {
    const domainKeys = Object.keys(aCard({}, { artistDisplayName: 'NOVA', promoterName: 'Live Nation' })).sort();
    const wireKeys = Object.keys(cardSchema.shape).sort();
    expect(domainKeys).to.deep.equal(wireKeys);
  });

  it('projects a domain card onto the wire unchanged, in the schema order, and the result is a valid wire card', () => {
    const card = aCard({ saleStatus: 'OPEN', saleOpensInSeconds: 0, reservationButtonVisible: true, reservationButtonEnabled: true });
    const json: CardJson = toCardJson(card);
    expect(json).to.deep.equal({ ...card });
    expect(Object.keys(json)).to.deep.equal(Object.keys(cardSchema.shape));
    expect(cardSchema.safeParse(json).success).to.equal(true);
  });

  it('drops whatever else an object handed to the projection carries', () => {
    const json = toCardJson({ ...aCard(), internal: 'secret' } as CardJson);
    expect(json).to.not.have.property('internal');
  });

  it('publishes the enums and ranges the domain decides with', () => {
    expect(SALE_STATUSES).to.deep.equal(DOMAIN_SALE_STATUSES);
    expect(REALTIME_MODES).to.deep.equal(DOMAIN_REALTIME_MODES);
    expect(REFRESH_REASONS, 'the published reasons and the catalogue notice').to.deep.equal([...LIVE_EVENT_REASONS, 'CATALOGUE_CHANGED']);
    expect(CATALOGUE_FIELDS).to.deep.equal(DOMAIN_CATALOGUE_FIELDS);
    expect(POLL_INTERVAL_RANGE).to.deep.equal({ min: POLL_INTERVAL_MIN_MS, max: POLL_INTERVAL_MAX_MS });
  });
});
