/**
 * One async mutex per key. Parallel tasks share one repository; git's own lock files make
 * concurrent `worktree add`, `fetch` and config edits fail instead of wait, so the action queues them.
 */
class KeyedMutex {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release: () => void = () => {};
    const current = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = previous.then(() => current);
    this.tails.set(key, tail);
    await previous;
    try {
      return await fn();
    } finally {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}

/** Serialises the action's own writes to one repository's `.git` within this process. */
export const repositoryLock = new KeyedMutex();
