// Durable "wake up at instant T" requests, shared by all instances. At T (never before), some
// instance runs the due transitions (RunDueTransitions); one wake-up serves every card whose
// boundary is T.

export interface TransitionScheduler {
  wakeAt(instant: number): Promise<void>;
}
