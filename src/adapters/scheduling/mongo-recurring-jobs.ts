// Agenda's every() on MongoDB without unlocking a run in progress.
//
// Agenda 6's Job.save() deliberately leaves out the fields its job processor owns (lockedAt,
// lastRunAt, lastFinishedAt, failedAt, failCount, failReason, progress), so that saving a job can
// never undo a run. @agendajs/mongo-backend 4.0.3's saveJob() writes every field it was not given
// as null in the $set of its upsert. every() upserts the recurring job by name, and each instance
// calls it at every start: so an instance starting while another runs the job sets lockedAt: null
// under the runner, the next scan of any instance locks the job again, and it runs a second time
// beside the first. The PostgreSQL backend's upsert leaves those columns alone.
//
// Here every() takes the PostgreSQL backend's path: one findOneAndUpdate upsert on
// { name, type: 'single' } that sets the job's definition and writes the processor's fields only
// when it inserts the document. Everything else goes to the backend's own repository.

import { toJobId, type JobParameters, type JobRepository, type JobRepositoryOptions } from 'agenda';
import type { Collection, Document, WithId } from 'mongodb';
import type { Clock } from '../../application/ports/clock.js';

/** Job.PROCESSOR_MANAGED_FIELDS in Agenda 6: what a run writes, and save() must not. */
const PROCESSOR_FIELDS = ['lockedAt', 'lastRunAt', 'lastFinishedAt', 'failedAt', 'failCount', 'failReason', 'progress'];
/** Not part of the stored definition: the id, the unique() query, the filter's own fields. */
const NOT_DEFINITION = new Set(['_id', 'unique', 'uniqueOpts', 'name', 'type', ...PROCESSOR_FIELDS]);
const DUPLICATE_KEY = 11000;

/**
 * `inner` with saveJob() of a new recurring job (what every() saves) replaced by an upsert that
 * keeps the lock. `recurringIndex` is the unique index on { name, type } for type 'single'.
 * `clock` is the service's one source of "now" (the system clock in production, where it is the
 * time Agenda computed the job's nextRunAt from a moment ago).
 */
export function protectRecurringLocks(inner: JobRepository, jobs: Collection, recurringIndex: string, clock: Clock): JobRepository {
  async function saveRecurring(job: JobParameters, options: JobRepositoryOptions | undefined): Promise<JobParameters> {
    const now = new Date(clock.now());
    const definition: Document = { lastModifiedBy: options?.lastModifiedBy ?? null };
    for (const [key, value] of Object.entries(job)) if (!NOT_DEFINITION.has(key)) definition[key] = value ?? null;
    const onInsert: Document = Object.fromEntries(PROCESSOR_FIELDS.map((field) => [field, null]));
    // A run time already due does not replace the stored one (as upstream and on PostgreSQL):
    // otherwise each instance's start would move the next run of a job that is not due yet.
    if (job.nextRunAt && job.nextRunAt <= now) {
      onInsert.nextRunAt = job.nextRunAt;
      delete definition.nextRunAt;
    }
    const upsert = () =>
      jobs.findOneAndUpdate({ name: job.name, type: 'single' }, { $set: definition, $setOnInsert: onInsert }, { upsert: true, returnDocument: 'after' });
    const saved = await retryOnceOnDuplicate(upsert, recurringIndex);
    if (!saved) throw new Error(`upsert of recurring job ${job.name} returned no document`);
    return toJobParameters(saved);
  }

  return new Proxy(inner, {
    get(target, key) {
      if (key === 'saveJob') {
        return (job: JobParameters, options?: JobRepositoryOptions) => (job.type === 'single' && !job._id ? saveRecurring(job, options) : target.saveJob(job, options));
      }
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/**
 * Runs `upsert`, and once more if it failed on a duplicate key of `index`: two instances upserting
 * the same absent document at once both try to insert; the unique index lets one win, and the
 * loser's second attempt finds the winner's document and updates it. (mongod retries such an
 * upsert itself when the filter is exactly the index key; this covers the cases where it does not.)
 */
export async function retryOnceOnDuplicate<T>(upsert: () => Promise<T>, index: string): Promise<T> {
  try {
    return await upsert();
  } catch (error) {
    if (!isDuplicateKeyOn(error, index)) throw error;
    return upsert();
  }
}

/**
 * True when `error` is MongoDB refusing a second document for the unique index `index`. Read by
 * its code and message (the driver raises it as a MongoServerError), which name the index:
 * "E11000 duplicate key error collection: db.c index: <name> dup key: { ... }".
 */
export function isDuplicateKeyOn(error: unknown, index: string): boolean {
  if (!(error instanceof Error) || !('code' in error) || error.code !== DUPLICATE_KEY) return false;
  return error.message.includes(`index: ${index} `);
}

/** A stored job as Agenda reads it back: its id as a string, absent values undefined rather than null. */
function toJobParameters(document: WithId<Document>): JobParameters {
  const { _id, ...fields } = document;
  const parameters: Record<string, unknown> = { _id: toJobId(_id.toHexString()) };
  for (const [key, value] of Object.entries(fields)) parameters[key] = value ?? undefined;
  return parameters as unknown as JobParameters;
}
