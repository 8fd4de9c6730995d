// The transaction mechanics of the in-memory database, modelled on PostgreSQL's READ COMMITTED:
// - a transaction's writes are buffered and become visible to others only at commit; its own
//   statements see them;
// - a write takes the row's lock until the transaction ends (a statement outside a transaction
//   holds it for the statement); a second writer waits for it, then re-reads the committed row
//   before deciding, as PostgreSQL re-checks an UPDATE's WHERE after waiting;
// - `lockRows` is SELECT ... FOR UPDATE; rollback discards the writes and releases the locks.
// Statements are atomic; between statements other work may run, so interleavings are real.

const DELETED = Symbol('deleted');
type Slot<V> = V | typeof DELETED;

interface Holder {
  readonly released: Promise<void>;
}

export class FakeTransaction implements Holder {
  readonly overlays = new Map<FakeTable<unknown, unknown>, Map<unknown, Slot<unknown>>>();
  readonly locked: { table: FakeTable<unknown, unknown>; key: unknown }[] = [];
  readonly onCommit: (() => void)[] = [];
  private release!: () => void;
  readonly released = new Promise<void>((resolve) => (this.release = resolve));

  overlay<K, V>(table: FakeTable<K, V>): Map<K, Slot<V>> {
    let overlay = this.overlays.get(table as FakeTable<unknown, unknown>);
    if (!overlay) {
      overlay = new Map();
      this.overlays.set(table as FakeTable<unknown, unknown>, overlay);
    }
    return overlay as Map<K, Slot<V>>;
  }

  commit(): void {
    for (const [table, overlay] of this.overlays) table.apply(overlay);
    for (const action of this.onCommit) action();
    this.end();
  }

  rollback(): void {
    this.end();
  }

  private end(): void {
    for (const { table, key } of this.locked) table.unlock(key, this);
    this.release();
  }
}

export class FakeTable<K, V> {
  private readonly rows = new Map<K, V>();
  private readonly locks = new Map<K, Holder>();
  /** Transactions waiting for one of this table's row locks right now. */
  waiting = 0;

  /** The row as `tx` sees it (its own writes, else the committed row). */
  get(tx: FakeTransaction | null, key: K): V | undefined {
    const mine = tx?.overlay(this).get(key);
    if (mine !== undefined) return mine === DELETED ? undefined : mine;
    return this.rows.get(key);
  }

  /** Every key as `tx` sees it. */
  keysOf(tx: FakeTransaction | null): K[] {
    const overlay = tx?.overlays.get(this as FakeTable<unknown, unknown>) as Map<K, Slot<V>> | undefined;
    return [...new Set([...this.rows.keys(), ...(overlay?.keys() ?? [])])].filter((key) => this.get(tx, key) !== undefined);
  }

  /** Every row as `tx` sees it. */
  all(tx: FakeTransaction | null): V[] {
    const overlay = tx?.overlays.get(this as FakeTable<unknown, unknown>) as Map<K, Slot<V>> | undefined;
    const keys = new Set([...this.rows.keys(), ...(overlay?.keys() ?? [])]);
    return [...keys].map((key) => this.get(tx, key)).filter((row): row is V => row !== undefined);
  }

  /**
   * Runs `write` holding the row's lock: `tx`'s until it ends, or the statement's. Waits while
   * another transaction holds it; `write` then sees the row as committed meanwhile.
   */
  async withRowLock<T>(tx: FakeTransaction | null, key: K, write: (current: V | undefined) => T): Promise<T> {
    const statement = tx ? null : new FakeTransaction();
    await this.lock(tx ?? (statement as FakeTransaction), key);
    try {
      return write(this.get(tx, key));
    } finally {
      statement?.commit();
    }
  }

  /** Takes the row locks of `keys` (in the order given) for `tx`. */
  async lockRows(tx: FakeTransaction, keys: readonly K[]): Promise<void> {
    for (const key of keys) await this.lock(tx, key);
  }

  /** Writes (or deletes, with undefined) the row: buffered in `tx`, or at once. */
  put(tx: FakeTransaction | null, key: K, value: V | undefined): void {
    if (tx) tx.overlay(this).set(key, value === undefined ? DELETED : value);
    else this.apply(new Map([[key, value === undefined ? DELETED : value]]));
  }

  apply(overlay: Map<K, Slot<V>>): void {
    for (const [key, value] of overlay) {
      if (value === DELETED) this.rows.delete(key);
      else this.rows.set(key, value);
    }
  }

  unlock(key: K, holder: Holder): void {
    if (this.locks.get(key) === holder) this.locks.delete(key);
  }

  private async lock(tx: FakeTransaction, key: K): Promise<void> {
    for (let holder = this.locks.get(key); holder !== undefined && holder !== tx; holder = this.locks.get(key)) {
      this.waiting += 1;
      await holder.released;
      this.waiting -= 1;
    }
    if (this.locks.get(key) === tx) return;
    this.locks.set(key, tx);
    tx.locked.push({ table: this as FakeTable<unknown, unknown>, key });
  }
}

/** A lock held by one transaction at a time until it ends (pg_advisory_xact_lock). */
export class FakeTransactionLock {
  private holder: FakeTransaction | null = null;

  async take(tx: FakeTransaction): Promise<void> {
    while (this.holder !== null && this.holder !== tx) await this.holder.released;
    if (this.holder === tx) return;
    this.holder = tx;
    void tx.released.then(() => {
      if (this.holder === tx) this.holder = null;
    });
  }
}
