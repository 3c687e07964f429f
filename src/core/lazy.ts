// Builds an object on first use instead of at module load. Zod schemas are costly to construct (the
// extension's took most of the bundle's evaluation at activation), and most are needed only when a
// message, a cache file or a model list arrives. `lazy(() => z.object(...))` keeps the schema's
// type and every call site: the returned stand-in forwards each operation to the object, built the
// first time anything is read from it. Schemas built from other lazy schemas build those then too.
export function lazy<T extends object>(build: () => T): T {
  let built: T | undefined;
  const object = (): T => (built ??= build());
  // The target is only a placeholder; every trap answers for the built object. The receiver is the
  // built object, so getters and setters (zod keeps some on its prototypes) see the real thing.
  return new Proxy({} as T, {
    get: (_, key) => Reflect.get(object(), key),
    set: (_, key, value) => Reflect.set(object(), key, value),
    has: (_, key) => Reflect.has(object(), key),
    ownKeys: () => Reflect.ownKeys(object()),
    // Reported configurable: the placeholder lacks the property, and a proxy may not claim a
    // non-configurable property its target does not have.
    getOwnPropertyDescriptor: (_, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(object(), key);
      return descriptor && { ...descriptor, configurable: true };
    },
    defineProperty: (_, key, descriptor) => Reflect.defineProperty(object(), key, descriptor),
    deleteProperty: (_, key) => Reflect.deleteProperty(object(), key),
    getPrototypeOf: () => Reflect.getPrototypeOf(object()),
  });
}
