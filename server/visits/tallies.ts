// Counts added up in memory on the hot path and written to Postgres in batches on the
// scheduler's tick (visits, ad impressions and clicks). A batch is taken whole before it is
// written, so counts made meanwhile go to the next one; a batch that fails to write is added
// back, so nothing counted is lost or counted twice.
export class Tallies<T> {
  private pending = new Map<string, T>();

  constructor(private readonly merge: (a: T, b: T) => T) {}

  add(key: string, value: T) {
    const current = this.pending.get(key);
    this.pending.set(key, current === undefined ? value : this.merge(current, value));
  }

  /** Writes what was counted since the last flush; resolves to the batch written (empty: nothing to do). */
  async flush(write: (batch: ReadonlyMap<string, T>) => Promise<void>): Promise<ReadonlyMap<string, T>> {
    if (this.pending.size === 0) return this.pending;
    const batch = this.pending;
    this.pending = new Map();
    try {
      await write(batch);
    } catch (err) {
      for (const [key, value] of batch) this.add(key, value);
      throw err;
    }
    return batch;
  }
}
