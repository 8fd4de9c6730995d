import { expect } from 'chai';
import type { PublishCardChanges } from '../../src/application/live/publish-card-changes.js';
import { RunDueTransitions } from '../../src/application/live/run-due-transitions.js';
import type { CardStateStore } from '../../src/application/ports/card-state-store.js';
import type { Timer } from '../../src/application/ports/timer.js';
import { AdjustableClock } from '../support/adjustable-clock.js';

const AT = Date.UTC(2026, 2, 1, 12, 0, 0, 0);

/** A timer that fires `earlyMs` before the delay it was given, moving the clock only that far. */
function earlyTimer(clock: AdjustableClock, earlyMs: number, waits: number[]): Timer {
  return {
    after(delayMs, task) {
      waits.push(delayMs);
      clock.advance(Math.max(1, delayMs - earlyMs));
      queueMicrotask(task);
      return () => undefined;
    },
  };
}

function fixture(clock: AdjustableClock, timer: Timer) {
  const publishedAt: number[] = [];
  const cardStates = { findBoundaryDue: async () => (publishedAt.length === 0 ? [7] : []) } as unknown as CardStateStore;
  const publication = {
    publish: async () => {
      publishedAt.push(clock.now());
      return null;
    },
  } as unknown as PublishCardChanges;
  return { publishedAt, transitions: new RunDueTransitions(cardStates, publication, timer, clock) };
}

describe('RunDueTransitions', () => {
  it('waits out an early wake-up, however early its timer fires, and publishes at the boundary', async () => {
    const clock = new AdjustableClock(AT - 300);
    const waits: number[] = [];
    const { publishedAt, transitions } = fixture(clock, earlyTimer(clock, 2, waits));
    await transitions.execute(AT);
    expect(publishedAt).to.deep.equal([AT]);
    expect(waits, 'the wait is re-armed for what the early timer left').to.deep.equal([300, 2, 1]);
  });

  it('publishes at once when woken at or after the boundary', async () => {
    const clock = new AdjustableClock(AT + 40);
    const waits: number[] = [];
    const { publishedAt, transitions } = fixture(clock, earlyTimer(clock, 0, waits));
    await transitions.execute(AT);
    expect(publishedAt).to.deep.equal([AT + 40]);
    expect(waits).to.deep.equal([]);
  });
});
