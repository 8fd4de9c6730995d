import { expect } from 'chai';
import type { ConcertSearchQuery } from '../../src/application/ports/concert-repository.js';
import { openMigratedPersistence, storeConcert, type PersistenceFixture } from './persistence-fixture.js';

function query(overrides: Partial<ConcertSearchQuery> = {}): ConcertSearchQuery {
  return { keyword: null, artistName: null, entertainmentName: null, page: 0, size: 20, sort: { field: 'id', direction: 'asc' }, ...overrides };
}

describe('concert search (PostgreSQL)', () => {
  let fixture: PersistenceFixture;
  const titles = async (q: ConcertSearchQuery) => (await fixture.persistence.stores.concerts.search(q)).rows.map((row) => row.concert.title);

  before(async () => {
    fixture = await openMigratedPersistence();
    const p = fixture.persistence;
    await storeConcert(p, { title: 'Winter Gala', artistName: 'Orchestra One', entertainmentName: 'Blue Hall', generalSaleStartAt: Date.UTC(2026, 0, 3) });
    await storeConcert(p, { title: 'Autumn Night', artistName: 'The Band', entertainmentName: 'blue hall', generalSaleStartAt: null });
    await storeConcert(p, { title: 'Spring Fest', artistName: 'the band', entertainmentName: 'Red Room', generalSaleStartAt: Date.UTC(2026, 0, 1) });
    await storeConcert(p, { title: '100% Live', artistName: 'Percent', entertainmentName: null, generalSaleStartAt: Date.UTC(2026, 0, 2) });
    await storeConcert(p, { title: 'Under_score Show', artistName: 'Snake Case', entertainmentName: 'Back\\slash Hall' });
    await storeConcert(p, { title: 'Summer night', artistName: 'Nightingale', entertainmentName: 'Open Air' });
  });

  after(async () => {
    await fixture.close();
  });

  it('matches the keyword in title, artist or entertainment, case-insensitively, sorted by title', async () => {
    const page = await fixture.persistence.stores.concerts.search(query({ keyword: 'NIGHT', sort: { field: 'title', direction: 'asc' } }));
    expect(page.rows.map((row) => row.concert.title)).to.deep.equal(['Autumn Night', 'Summer night']);
    expect(page.totalElements).to.equal(2);
    expect(await titles(query({ keyword: 'blue' }))).to.deep.equal(['Winter Gala', 'Autumn Night']);
  });

  it('pages in the database and still reports the total past the last page', async () => {
    const sorted = { field: 'title', direction: 'asc' } as const;
    const second = await fixture.persistence.stores.concerts.search(query({ size: 2, page: 1, sort: sorted }));
    expect(second.rows.map((row) => row.concert.title)).to.deep.equal(['Spring Fest', 'Summer night']);
    expect(second.totalElements).to.equal(6);
    const beyond = await fixture.persistence.stores.concerts.search(query({ size: 2, page: 9, sort: sorted }));
    expect(beyond.rows).to.deep.equal([]);
    expect(beyond.totalElements).to.equal(6);
    const none = await fixture.persistence.stores.concerts.search(query({ keyword: 'no such thing' }));
    expect(none).to.deep.equal({ rows: [], totalElements: 0 });
  });

  it('sorts by title descending', async () => {
    expect(await titles(query({ sort: { field: 'title', direction: 'desc' } }))).to.deep.equal([
      'Winter Gala', 'Under_score Show', 'Summer night', 'Spring Fest', 'Autumn Night', '100% Live',
    ]);
    const byArtist = await fixture.persistence.stores.concerts.search(query({ sort: { field: 'artistName', direction: 'desc' } }));
    expect(byArtist.rows.map((row) => row.concert.artistName.toLowerCase())).to.deep.equal([
      'the band', 'the band', 'snake case', 'percent', 'orchestra one', 'nightingale',
    ]);
  });

  it('matches %, _ and \\ literally', async () => {
    expect(await titles(query({ keyword: '%' }))).to.deep.equal(['100% Live']);
    expect(await titles(query({ keyword: '_' }))).to.deep.equal(['Under_score Show']);
    expect(await titles(query({ keyword: 'wi_ter' }))).to.deep.equal([]);
    expect(await titles(query({ keyword: '1%l' }))).to.deep.equal([]);
    expect(await titles(query({ keyword: 'k\\s' }))).to.deep.equal(['Under_score Show']);
    expect(await titles(query({ keyword: "' or 1=1 --" }))).to.deep.equal([]);
  });

  it('matches a numeric keyword against the id too', async () => {
    const [first] = (await fixture.persistence.stores.concerts.search(query({ size: 1 }))).rows;
    const id = first!.concert.id;
    const found = await fixture.persistence.stores.concerts.search(query({ keyword: String(id) }));
    expect(found.rows.map((row) => row.concert.id)).to.include(id);
    expect(await titles(query({ keyword: '100' }))).to.deep.equal(['100% Live']);
  });

  it('filters artist and entertainment exactly and case-insensitively', async () => {
    expect(await titles(query({ artistName: 'THE BAND' }))).to.deep.equal(['Autumn Night', 'Spring Fest']);
    expect(await titles(query({ artistName: 'the' }))).to.deep.equal([]);
    expect(await titles(query({ entertainmentName: 'Blue HALL' }))).to.deep.equal(['Winter Gala', 'Autumn Night']);
    expect(await titles(query({ entertainmentName: 'blue hall', artistName: 'the band' }))).to.deep.equal(['Autumn Night']);
  });

  it('sorts by sale start with unscheduled concerts last (ascending) and first (descending)', async () => {
    const asc = await titles(query({ sort: { field: 'saleOpensAt', direction: 'asc' } }));
    expect(asc.slice(0, 3)).to.deep.equal(['Spring Fest', '100% Live', 'Winter Gala']);
    expect(asc.slice(3)).to.have.members(['Autumn Night', 'Under_score Show', 'Summer night']);
    const desc = await titles(query({ sort: { field: 'saleOpensAt', direction: 'desc' } }));
    expect(desc.slice(3)).to.deep.equal(['Winter Gala', '100% Live', 'Spring Fest']);
  });

  it('breaks ties by id, in the direction of the sort (runs last: adds rows)', async () => {
    const ids = [];
    for (let i = 0; i < 3; i += 1) ids.push((await storeConcert(fixture.persistence, { title: 'Zz Tie' })).id);
    const tied = async (direction: 'asc' | 'desc') =>
      (await fixture.persistence.stores.concerts.search(query({ keyword: 'zz tie', sort: { field: 'title', direction } }))).rows.map((row) => row.concert.id);
    expect(await tied('asc')).to.deep.equal(ids);
    expect(await tied('desc')).to.deep.equal([...ids].reverse());
  });
});
