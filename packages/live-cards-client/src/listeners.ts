// A typed listener registry: what the client tells the page (and benchmarks) as it happens.
// A throwing listener must not break the stream, so each call is isolated.

type Handler = (...args: never[]) => void;

export class Listeners<Events extends { [K in keyof Events]: Handler }> {
  private readonly handlers = new Map<keyof Events, Set<Handler>>();

  on<K extends keyof Events>(name: K, handler: Events[K]): () => void {
    let set = this.handlers.get(name);
    if (!set) {
      set = new Set();
      this.handlers.set(name, set);
    }
    set.add(handler);
    return () => set.delete(handler);
  }

  emit<K extends keyof Events>(name: K, ...args: Parameters<Events[K]>): void {
    for (const handler of this.handlers.get(name) ?? []) {
      try {
        (handler as (...a: Parameters<Events[K]>) => void)(...args);
      } catch (error) {
        console.error(`live-cards listener for ${String(name)} failed`, error);
      }
    }
  }

  clear(): void {
    this.handlers.clear();
  }
}
