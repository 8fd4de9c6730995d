// The scheduler contract (scheduler-contract.ts) on each job store the adapter supports.

import { mongoEmulatorBackend, postgresBackend } from './scheduler-backends.js';
import { describeSchedulerContract } from './scheduler-contract.js';

describeSchedulerContract(postgresBackend());
describeSchedulerContract(mongoEmulatorBackend());
