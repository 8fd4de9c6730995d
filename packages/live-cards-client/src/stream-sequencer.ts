// Where a client stands in the live stream. `seq` values arrive mostly in order, sometimes twice
// (at-least-once delivery), sometimes out of order (two commits racing) and sometimes not at all
// (a lost message). This keeps the highest contiguous seq, the ones seen beyond it, and the highest
// seq known to exist (from events and heartbeats), so the client can tell a duplicate from a gap.
// A socket watching some cards only has holes by design: within one connection the server sends
// what concerns it in seq order, so there each seq (and each heartbeat's) covers all before it.

export type SeqVerdict = 'next' | 'ahead' | 'duplicate';

export class StreamSequencer {
  private contiguous = 0;
  private readonly beyond = new Set<number>();
  private head = 0;
  private based = false;

  /** Classifies an event's seq and records it unless it is a duplicate; `inOrder`: the seqs before it are covered. */
  accept(seq: number, inOrder = false): SeqVerdict {
    if (seq <= this.contiguous || this.beyond.has(seq)) return 'duplicate';
    this.head = Math.max(this.head, seq);
    if (inOrder && this.based) {
      this.coverTo(seq);
      return 'next';
    }
    if (this.based && seq === this.contiguous + 1) {
      this.contiguous = seq;
      this.absorb();
      return 'next';
    }
    this.beyond.add(seq);
    return 'ahead';
  }

  /** A heartbeat says the stream reached `seq`. */
  observeHead(seq: number): void {
    this.head = Math.max(this.head, seq);
  }

  /** A snapshot taken at `seq` covers everything up to it. */
  rebase(seq: number): void {
    this.based = true;
    this.coverTo(seq);
  }

  /** Everything up to `seq` has been received (a watching socket's heartbeat, a served replay). */
  coverTo(seq: number): void {
    if (!this.based) return;
    this.contiguous = Math.max(this.contiguous, seq);
    this.head = Math.max(this.head, seq);
    for (const known of this.beyond) if (known <= this.contiguous) this.beyond.delete(known);
    this.absorb();
  }

  /** True once a snapshot is loaded and some seq up to the known head is missing. */
  isBehind(): boolean {
    return this.based && this.contiguous < this.head;
  }

  lastContiguous(): number {
    return this.contiguous;
  }

  highestKnown(): number {
    return this.head;
  }

  private absorb(): void {
    while (this.beyond.delete(this.contiguous + 1)) this.contiguous += 1;
  }
}
