// The named failure an outbound adapter raises when what it talks to cannot be reached (the
// database refusing connections, a timeout): use cases let it through, and inbound adapters answer
// "unavailable, retry" (HTTP 503) instead of "internal error". Each adapter decides what counts.

export class DependencyUnavailable extends Error {
  override readonly name = 'DependencyUnavailable';
  constructor(
    readonly dependency: string,
    options: { cause: unknown },
  ) {
    super(`${dependency} is unavailable`, options);
  }
}
