import { Options } from 'discord.js';

export type JsonTransformer = (obj: unknown) => unknown;

/** Distinct keys remembered: outgoing payloads use a few dozen (title, custom_id, name, value…). */
const MAX_KEYS = 1_000;

/**
 * discord.js's outgoing JSON transformer (camelCase keys to snake_case, applied to every embed, button
 * row and autocomplete choice the bot sends), with each key's conversion remembered: the default runs
 * lodash's snakeCase on every key of every payload. The output is the default's, key for key. Anything
 * the default treats specially (dates, objects with toJSON, string emoji, `__proto__`) goes to it whole.
 */
export function createJsonTransformer(base: JsonTransformer = defaultTransformer()): JsonTransformer {
  const keys = new Map<string, string>();
  const snakeKey = (key: string): string => {
    let converted = keys.get(key);
    if (converted === undefined) {
      converted = Object.keys(base({ [key]: null }) as object)[0] ?? key;
      if (keys.size >= MAX_KEYS) keys.clear();
      keys.set(key, converted);
    }
    return converted;
  };
  const transform = (obj: unknown): unknown => {
    if (typeof obj !== 'object' || obj === null) return obj;
    if (Array.isArray(obj)) return obj.map(transform);
    if (obj instanceof Date || 'toJSON' in obj) return base(obj);
    const source = obj as Record<string, unknown>;
    const entries = Object.keys(source);
    for (const key of entries)
      if (key === '__proto__' || (key === 'emoji' && typeof source[key] === 'string')) return base(obj);
    const out: Record<string, unknown> = {};
    for (const key of entries) out[snakeKey(key)] = transform(source[key]);
    return out;
  };
  return transform;
}

function defaultTransformer(): JsonTransformer {
  const base = Options.createDefault().jsonTransformer;
  if (!base) throw new Error('discord.js: no default jsonTransformer to build on');
  return base;
}
