// How the Mongo job store reads mongod's duplicate-key error (E11000) on its unique indexes. The
// emulator the scheduler contract runs on enforces no unique index (not even _id's), so no real
// E11000 can be had in CI: these check the handling on the error as mongod reports it.

import { expect } from 'chai';
import { isDuplicateKeyOn, retryOnceOnDuplicate } from '../../src/adapters/scheduling/mongo-recurring-jobs.js';

const duplicateOn = (index: string) =>
  Object.assign(new Error(`E11000 duplicate key error collection: cards.agenda_jobs index: ${index} dup key: { name: "card-boundary", data.at: 1796140800000 }`), { code: 11000 });

describe('Mongo job store: duplicate keys on its unique indexes', () => {
  it('recognises E11000 on the named index, and nothing else', () => {
    expect(isDuplicateKeyOn(duplicateOn('agenda_jobs_card-boundary_unique'), 'agenda_jobs_card-boundary_unique')).to.equal(true);
    expect(isDuplicateKeyOn(duplicateOn('agenda_jobs_card-boundary_unique_v2'), 'agenda_jobs_card-boundary_unique'), 'a longer name').to.equal(false);
    expect(isDuplicateKeyOn(duplicateOn('_id_'), 'agenda_jobs_card-boundary_unique'), 'another index').to.equal(false);
    expect(isDuplicateKeyOn(Object.assign(duplicateOn('agenda_jobs_card-boundary_unique'), { code: 11600 }), 'agenda_jobs_card-boundary_unique'), 'another code').to.equal(false);
    expect(isDuplicateKeyOn('E11000', 'agenda_jobs_card-boundary_unique'), 'not an error').to.equal(false);
  });

  it('retries an upsert once when it lost the insert race on its index, and passes other failures on', async () => {
    let attempts = 0;
    const lostOnce = () => (++attempts === 1 ? Promise.reject(duplicateOn('agenda_jobs_single_unique')) : Promise.resolve('updated the winner'));
    expect(await retryOnceOnDuplicate(lostOnce, 'agenda_jobs_single_unique')).to.equal('updated the winner');
    expect(attempts).to.equal(2);

    const otherIndex = () => Promise.reject(duplicateOn('_id_'));
    await retryOnceOnDuplicate(otherIndex, 'agenda_jobs_single_unique').then(
      () => expect.fail('resolved'),
      (error: Error) => expect(error.message).to.include('index: _id_'),
    );

    let twice = 0;
    const alwaysDuplicate = () => (++twice, Promise.reject(duplicateOn('agenda_jobs_single_unique')));
    await retryOnceOnDuplicate(alwaysDuplicate, 'agenda_jobs_single_unique').catch(() => undefined);
    expect(twice, 'attempts when the retry fails too').to.equal(2);
  });
});
