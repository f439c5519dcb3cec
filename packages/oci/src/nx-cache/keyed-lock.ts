/**
 * Runs tasks for the same key one after another (tasks for different keys run side by side). Two
 * PUTs of one Nx hash must end with one record: the registry has no create-if-absent for tags, so
 * within a server the existence check and the manifest PUT of one hash never interleave.
 */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const before = this.tails.get(key) ?? Promise.resolve();
    const result = before.then(task, task);
    const tail = result.catch(() => undefined);
    this.tails.set(key, tail);
    // The map holds a key only while something for it is queued or running.
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  get size(): number {
    return this.tails.size;
  }
}
