/**
 * Reads that the mails of one sending batch share. `once` makes a read once per batch (the federation's name, a
 * cycle's plan); `load` gathers the rows every mail of the batch asks for by id in the same turn (each mail's
 * assessment, the people it names) and reads them in one query, as a data loader does. The batch's mails are
 * prepared side by side, so a fan-out's twenty invitations cost a handful of queries, not a hundred.
 */
export interface SharedReads {
  once<T>(key: string, read: () => Promise<T>): Promise<T>;
  load<T>(
    kind: string,
    id: string,
    readAll: (ids: string[]) => Promise<Map<string, T>>,
  ): Promise<T | undefined>;
}

interface Waiting {
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

export function batchReads(): SharedReads {
  const cache = new Map<string, Promise<unknown>>();
  const queued = new Map<string, Map<string, Waiting>>();
  const flush = async (kind: string, readAll: (ids: string[]) => Promise<Map<string, unknown>>) => {
    const waiting = queued.get(kind)!;
    queued.delete(kind);
    try {
      const found = await readAll([...waiting.keys()]);
      for (const [id, w] of waiting) w.resolve(found.get(id));
    } catch (err) {
      for (const w of waiting.values()) w.reject(err);
    }
  };
  return {
    once<T>(key: string, read: () => Promise<T>) {
      if (!cache.has(key)) cache.set(key, read());
      return cache.get(key) as Promise<T>;
    },
    load<T>(kind: string, id: string, readAll: (ids: string[]) => Promise<Map<string, T>>) {
      const key = `${kind}\u0000${id}`;
      const known = cache.get(key);
      if (known) return known as Promise<T | undefined>;
      let waiting = queued.get(kind);
      if (!waiting) {
        queued.set(kind, (waiting = new Map()));
        // After every mail of the batch has asked: they all start in one turn.
        setImmediate(() => void flush(kind, readAll));
      }
      const queue = waiting;
      const promise = new Promise<unknown>((resolve, reject) => queue.set(id, { resolve, reject }));
      cache.set(key, promise);
      return promise as Promise<T | undefined>;
    },
  };
}
