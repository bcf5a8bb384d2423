/** A "crash": the process dies at this call, so nothing after it in the same attempt happens. */
export class Crash extends Error {}

/** The same object whose `method` dies once, the first time it is called. */
export function crashingOnce<T extends object>(target: T, method: string): T {
  let crashed = false;
  return new Proxy(target, {
    get(object, property, receiver) {
      const value = Reflect.get(object, property, receiver);
      if (property !== method || typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (!crashed) {
          crashed = true;
          return Promise.reject(new Crash(`crash at ${method}`));
        }
        return value.apply(object, args);
      };
    },
  });
}
