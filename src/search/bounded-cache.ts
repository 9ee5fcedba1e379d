/** Small caches bounded by entry count, least recently used dropped first (a Map keeps insertion order). */

/** A cached value, marked as the most recently used. */
export function recall<K, V>(cache: Map<K, V>, key: K): V | undefined {
  const value = cache.get(key);
  if (value !== undefined) {
    cache.delete(key);
    cache.set(key, value);
  }
  return value;
}

/** Adds to the cache, dropping the least recently used entry when it holds `max`. */
export function remember<K, V>(cache: Map<K, V>, key: K, value: V, max: number): void {
  if (cache.size >= max) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  cache.set(key, value);
}
