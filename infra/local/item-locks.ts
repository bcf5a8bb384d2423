/** Locks by name, taken in sorted order so two holders of several never wait on each other. */
export class ItemLocks {
  private readonly locks = new Map<string, Promise<void>>();

  async holding<T>(names: string[], work: () => Promise<T>): Promise<T> {
    const releases: (() => void)[] = [];
    for (const name of [...new Set(names)].sort()) releases.push(await this.lock(name));
    try {
      return await work();
    } finally {
      for (const release of releases) release();
    }
  }

  private async lock(name: string): Promise<() => void> {
    const previous = this.locks.get(name) ?? Promise.resolve();
    let release = () => {};
    const current = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = previous.then(() => current);
    this.locks.set(name, tail);
    await previous;
    return () => {
      release();
      if (this.locks.get(name) === tail) this.locks.delete(name);
    };
  }
}
