/**
 * Rendered pictures kept in process memory, keyed by what determines them: the kind of picture, the
 * knowledge-base version it was drawn from, and its parameters. A reload changes the version, so a stale
 * picture is never served; the same request while one is being rendered waits for that render.
 * Least recently used pictures go first once `maxBytes` is reached.
 */

export interface PictureCache {
  /** The cached value for (kind, version, params), or the result of `render`, cached. */
  get<T extends { bytes: number }>(
    key: PictureKey,
    render: () => Promise<T>,
  ): Promise<{ value: T; cached: boolean }>;
  readonly size: number;
  readonly bytes: number;
}

export interface PictureKey {
  kind: string;
  version: string;
  params: Record<string, unknown>;
}

/** The same string for the same parameters whatever their order; undefined values are left out. */
export function pictureKey(key: PictureKey): string {
  return `${key.kind}|${key.version}|${stableJson(key.params)}`;
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

export function createPictureCache(options: { maxBytes?: number } = {}): PictureCache {
  const maxBytes = options.maxBytes ?? 32 * 1024 * 1024;
  const entries = new Map<string, { bytes: number; value: unknown }>();
  const pending = new Map<string, Promise<unknown>>();
  let bytes = 0;

  return {
    async get<T extends { bytes: number }>(key: PictureKey, render: () => Promise<T>) {
      const k = pictureKey(key);
      const hit = entries.get(k);
      if (hit) {
        entries.delete(k);
        entries.set(k, hit);
        return { value: hit.value as T, cached: true };
      }
      const running = pending.get(k) as Promise<T> | undefined;
      if (running) return { value: await running, cached: true };
      const work = render();
      pending.set(k, work);
      try {
        const value = await work;
        if (value.bytes <= maxBytes) {
          entries.set(k, { bytes: value.bytes, value });
          bytes += value.bytes;
          for (const [oldKey, old] of entries) {
            if (bytes <= maxBytes) break;
            entries.delete(oldKey);
            bytes -= old.bytes;
          }
        }
        return { value, cached: false };
      } finally {
        pending.delete(k);
      }
    },
    get size() {
      return entries.size;
    },
    get bytes() {
      return bytes;
    },
  };
}
