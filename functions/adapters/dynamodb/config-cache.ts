/** How many times this process has changed the configuration: its own caches never outlive its own writes. */
let configurationChanges = 0;

/** Called by every write to a configuration item (rules, policies, queues, staff records…). */
export function configurationChanged(): void {
  configurationChanges += 1;
}

/** A value read from the configuration, kept for `ttlMs` or until this process changes the configuration. */
export function cachedRead<T>(ttlMs: number, read: () => Promise<T>): () => Promise<T> {
  let cached: { at: number; changes: number; value: T } | undefined;
  return async () => {
    const fresh = cached && cached.changes === configurationChanges && Date.now() - cached.at < ttlMs;
    if (!cached || !fresh) {
      const changes = configurationChanges;
      cached = { at: Date.now(), changes, value: await read() };
    }
    return cached.value;
  };
}
