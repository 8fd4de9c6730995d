// The scheduler contract (boundary-contract.ts, recurring-contract.ts) on each job store the
// adapter supports: PostgreSQL, and MongoDB through the wire-compatible emulator.

import { describeBoundaryContract } from './boundary-contract.js';
import { schedulerFixture } from './contract-fixture.js';
import { describeRecurringContract } from './recurring-contract.js';
import { mongoEmulatorBackend, postgresBackend } from './scheduler-backends.js';

for (const backend of [postgresBackend(), mongoEmulatorBackend()]) {
  describe(`Agenda scheduling adapter on ${backend.name}`, function () {
    this.timeout(30_000);
    const fixture = schedulerFixture(backend);
    describeBoundaryContract(fixture);
    describeRecurringContract(fixture);
  });
}
