// The highest stream `seq` this instance has committed or emitted. Readers that keep snapshots
// for a short while (SearchCards) drop one older than a change made here, so a client sees its
// own instance's changes at once; changes made on other instances show within the keep window.

export class StreamPosition {
  private latest = 0;

  advance(seq: number): void {
    if (seq > this.latest) this.latest = seq;
  }

  latestSeen(): number {
    return this.latest;
  }
}
