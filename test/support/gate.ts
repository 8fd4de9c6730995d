// Holds one transaction at a chosen store call until the test releases it, so a race is played
// out in a chosen order: the interleavings a slow pool, a busy instance or a second instance
// produce by chance. Works on any PublicationTransactions (PostgreSQL or the fake).

import type { PublicationStores, PublicationTransactions } from '../../src/application/ports/outbound/publication-transactions.js';

export class Gate {
  private open!: () => void;
  private arrived!: () => void;
  private used = false;
  /** Resolves when the gated call has been reached (and is being held). */
  readonly reached = new Promise<void>((resolve) => (this.arrived = resolve));
  private readonly opened = new Promise<void>((resolve) => (this.open = resolve));

  /** Gates the first call of `stores[store].method` (`*` for any store or any method). */
  constructor(
    private readonly store: keyof PublicationStores | '*',
    private readonly method: string,
  ) {}

  release(): void {
    this.open();
  }

  /** `target` with the gated method waiting at the gate on its first call. */
  wrap<S extends object>(name: string, target: S): S {
    if (this.store !== '*' && name !== this.store) return target;
    return new Proxy(target, {
      get: (object, property, receiver) => {
        const value = Reflect.get(object, property, receiver) as unknown;
        if ((this.method !== '*' && property !== this.method) || typeof value !== 'function') return value;
        return async (...args: unknown[]) => {
          if (!this.used) {
            this.used = true;
            this.arrived();
            await this.opened;
          }
          return (value as (...a: unknown[]) => unknown).apply(object, args);
        };
      },
    });
  }

  /** Transactions whose stores pass through the gate. */
  transactions(inner: PublicationTransactions): PublicationTransactions {
    return {
      run: (work) =>
        inner.run((stores) => work(Object.fromEntries(Object.entries(stores).map(([name, store]) => [name, this.wrap(name, store as object)])) as unknown as PublicationStores)),
    };
  }
}
