// The polite live region: status changes are read out by screen readers without stealing focus.
// Messages arriving together are joined, so a burst of flips is one announcement, not a queue.

export class Announcer {
  private pending: string[] = [];
  private scheduled = false;

  constructor(private readonly region: HTMLElement) {
    region.setAttribute('aria-live', 'polite');
    region.setAttribute('role', 'status');
  }

  announce(message: string): void {
    this.pending.push(message);
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.region.textContent = this.pending.join('. ');
      this.pending = [];
      this.scheduled = false;
    });
  }
}
