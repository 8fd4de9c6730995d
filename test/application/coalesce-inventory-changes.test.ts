import { expect } from 'chai';
import { CoalesceInventoryChanges } from '../../src/application/live/coalesce-inventory-changes.js';
import type { PublishCardChanges } from '../../src/application/live/publish-card-changes.js';
import type { PublicationObserver } from '../../src/application/ports/publication-observer.js';
import type { Timer } from '../../src/application/ports/timer.js';

/** A timer whose pending tasks run only when the test says so. */
class ManualTimer implements Timer {
  readonly pending: { delayMs: number; task: () => void; cancelled: boolean }[] = [];
  after(delayMs: number, task: () => void): () => void {
    const entry = { delayMs, task, cancelled: false };
    this.pending.push(entry);
    return () => (entry.cancelled = true);
  }
  fire(): void {
    for (const entry of this.pending.splice(0)) if (!entry.cancelled) entry.task();
  }
}

function fixture(windowMs = 250) {
  const published: number[][] = [];
  const publication = { publish: async (ids: readonly number[]) => (published.push([...ids]), null) } as unknown as PublishCardChanges;
  const observer: PublicationObserver = { emitted: () => undefined, duplicateSuppressed: () => undefined, failed: () => undefined };
  const timer = new ManualTimer();
  return { published, timer, coalescer: new CoalesceInventoryChanges(publication, timer, observer, windowMs) };
}

describe('CoalesceInventoryChanges', () => {
  it('publishes a rush of seat changes as one event per window, all concerts together', async () => {
    const { published, timer, coalescer } = fixture();
    for (let i = 0; i < 100; i += 1) coalescer.seatsChanged(1 + (i % 3), false);
    expect(published, 'nothing before the window closes').to.deep.equal([]);
    expect(timer.pending.map((p) => p.delayMs)).to.deep.equal([250]);
    timer.fire();
    await coalescer.drain();
    expect(published).to.deep.equal([[1, 2, 3]]);
  });

  it('never delays a concert reaching zero seats: it flushes at once, with what was pending', async () => {
    const { published, timer, coalescer } = fixture();
    coalescer.seatsChanged(7, false);
    coalescer.seatsChanged(8, true);
    await coalescer.drain();
    expect(published).to.deep.equal([[7, 8]]);
    expect(timer.pending.every((p) => p.cancelled), 'the window timer is cancelled').to.equal(true);
  });

  it('publishes each change at once when the window is 0', async () => {
    const { published, coalescer } = fixture(0);
    coalescer.seatsChanged(1, false);
    coalescer.seatsChanged(2, false);
    await coalescer.drain();
    expect(published).to.deep.equal([[1], [2]]);
  });
});
