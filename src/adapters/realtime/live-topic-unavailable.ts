// The named failure of a broadcast: the shared live topic (Redis) could not take the event, so the
// caller must treat it as not sent (the outbox row stays unsent and the reconcile job retries).

export class LiveTopicUnavailable extends Error {
  override readonly name = 'LiveTopicUnavailable';
  constructor(reason: string, options?: { cause?: unknown }) {
    super(`live topic unavailable: ${reason}`, options);
  }
}
