/**
 * Entries as lean as their content, for a base held in memory for as long as it is served.
 *
 * A structured clone (how the loader copies front matter out of the parser's slices of the file, and how
 * entries come back from a reload's worker thread) gives every list room for sixteen items, whatever it
 * holds: a list of two aliases took 144 bytes where 32 do. And the same few short values (a type, a date,
 * a status, a tag, an organisation) come as a string of their own in every entry. compactEntry() gives each
 * list its exact size and each short value one shared string per load, in place; the entry reads the same.
 */

/** Values up to this long are shared (dates, types, statuses, tags, places, organisations). */
const SHARED_LENGTH = 40;

/** The strings shared within one load: an entry's short values become the first entry's equal ones. */
export class SharedStrings {
  private readonly seen = new Map<string, string>();

  get(value: string): string {
    if (value.length > SHARED_LENGTH) return value;
    const kept = this.seen.get(value);
    if (kept !== undefined) return kept;
    this.seen.set(value, value);
    return value;
  }
}

/** Compacts `entry` in place (see above) and returns it. */
export function compactEntry<T extends object>(entry: T, shared: SharedStrings): T {
  compactObject(entry as Record<string, unknown>, shared);
  return entry;
}

function compactObject(object: Record<string, unknown>, shared: SharedStrings): void {
  for (const key of Object.keys(object)) {
    const value = object[key];
    if (typeof value === 'string') {
      object[key] = shared.get(value);
    } else if (Array.isArray(value)) {
      object[key] = compactList(value, shared);
    } else if (value !== null && typeof value === 'object') {
      compactObject(value as Record<string, unknown>, shared);
    }
  }
}

function compactList(list: unknown[], shared: SharedStrings): unknown[] {
  if (list.length === 0) return list;
  // map() makes a list of exactly its length (a list grown item by item has room to spare).
  return list.map((item) => {
    if (typeof item === 'string') return shared.get(item);
    if (Array.isArray(item)) return compactList(item, shared);
    if (item !== null && typeof item === 'object') compactObject(item as Record<string, unknown>, shared);
    return item;
  });
}
