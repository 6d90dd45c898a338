// The one way a module tells open screens that its state changed (the outbox, a host's waiting counts).

/** {subscribe(listener) -> unsubscribe, notify()} for one kind of change. */
export function createListeners() {
  const listeners = new Set();
  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    notify() {
      listeners.forEach((listener) => listener());
    },
  };
}
