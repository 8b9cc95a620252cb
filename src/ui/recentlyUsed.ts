/**
 * A record kept in VS Code's state, newest entry last, holding at most `max` entries: `key` is set to `value`
 * as the newest and the oldest beyond `max` are dropped (an object's string keys keep their insertion order).
 */
export function withNewest<T>(record: Readonly<Record<string, T>>, key: string, value: T, max: number): Record<string, T> {
  const next = { ...record };
  delete next[key];
  next[key] = value;
  const keys = Object.keys(next);
  for (const stale of keys.slice(0, Math.max(0, keys.length - max))) {
    delete next[stale];
  }
  return next;
}
