/**
 * Every entry's normalised names (id, title, aliases), in the library's order, and which entry each name
 * names first. One list of every name with each entry's span in it, and a table of name numbers by hash,
 * rather than a list per entry and a map from every name to its entry: at 50,000 entries those held some
 * 200,000 names in over 10 MB of lists and map.
 */
export class NameKeys {
  private keys: string[] = [];
  /** Where each entry's names start in `keys` (and, last, where they end). */
  private starts = new Int32Array(0);
  private startList: number[] = [0];
  /** Name number + 1 by hash (open addressing), 0 where free; built by finish(). */
  private table = new Int32Array(0);
  /** By name number: its entry's position. */
  private entryOf = new Int32Array(0);

  /** Adds the next entry's names. */
  add(keys: readonly string[]): void {
    for (const key of keys) this.keys.push(key);
    this.startList.push(this.keys.length);
  }

  /** Indexes the names added: the first entry a name is added for is the one it names. */
  finish(): void {
    // Exact sizes: lists grown item by item keep room to spare.
    this.keys = this.keys.slice();
    this.starts = Int32Array.from(this.startList);
    this.startList = [];
    let size = 16;
    while (size < this.keys.length * 2) size *= 2;
    this.table = new Int32Array(size);
    this.entryOf = new Int32Array(this.keys.length);
    for (let at = 0; at + 1 < this.starts.length; at++)
      for (let k = this.start(at); k < this.end(at); k++) {
        this.entryOf[k] = at;
        const key = this.keys[k] as string;
        if (key && this.find(key) < 0) this.table[this.slotOf(key)] = k + 1;
      }
  }

  /** The position of the entry `key` names, or -1. */
  find(key: string): number {
    if (this.table.length === 0) return -1;
    const k = (this.table[this.slotOf(key)] as number) - 1;
    return k < 0 ? -1 : (this.entryOf[k] as number);
  }

  /** Where the entry at `at`'s names start (name numbers). */
  start(at: number): number {
    return this.starts[at] as number;
  }

  /** Where they end. */
  end(at: number): number {
    return this.starts[at + 1] as number;
  }

  key(k: number): string {
    return this.keys[k] as string;
  }

  /** The entry at `at`'s names. */
  of(at: number): string[] {
    return this.keys.slice(this.start(at), this.end(at));
  }

  /** The slot holding `key`, or the free one it would go in. */
  private slotOf(key: string): number {
    const mask = this.table.length - 1;
    let slot = hash(key) & mask;
    for (;;) {
      const k = (this.table[slot] as number) - 1;
      if (k < 0 || this.keys[k] === key) return slot;
      slot = (slot + 1) & mask;
    }
  }
}

/** FNV-1a over the UTF-16 code units. */
function hash(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * Entries' normalised names in one text, each after a line break (normalised names hold none), so the
 * entries whose names contain a fragment are found by searching the text once rather than every name.
 */
export class NameText {
  readonly text: string;
  /** Per name, in text order: where it starts, its entry's position in the library, and where the next
   * entry's names start (to skip an entry's other names once one holds the fragment). */
  private readonly starts: Int32Array;
  readonly docs: Int32Array;
  readonly nextDoc: Int32Array;

  constructor(entries: readonly { at: number; keys: readonly string[] }[]) {
    const count = entries.reduce((n, e) => n + e.keys.length, 0);
    this.starts = new Int32Array(count);
    this.docs = new Int32Array(count);
    this.nextDoc = new Int32Array(count);
    const parts: string[] = [];
    let offset = 0;
    let k = 0;
    for (const { at, keys } of entries) {
      const first = k;
      for (const key of keys) {
        parts.push('\n', key);
        this.starts[k] = offset + 1;
        this.docs[k++] = at;
        offset += key.length + 1;
      }
      this.nextDoc.fill(offset, first, k);
    }
    this.text = parts.join('');
  }

  /**
   * The entries (positions in the library) whose names may hold `fragment`, of GRAM characters or more: a
   * superset, each to be checked. Those holding one of its runs of GRAM characters, found through a table
   * of every name's runs (hashed, so a few entries more than hold it), built on first use: a fragment
   * members type matches a few dozen names of thousands, and searching the whole text for it each time
   * took most of a suggestion's time.
   */
  holding(fragment: string): Int32Array {
    const { offsets, docs } = this.grams();
    let best = -1;
    let fewest = Number.POSITIVE_INFINITY;
    for (let j = 0; j + GRAM <= fragment.length; j++) {
      const bucket = gramOf(fragment, j);
      const count = (offsets[bucket + 1] as number) - (offsets[bucket] as number);
      if (count < fewest) {
        fewest = count;
        best = bucket;
      }
    }
    return best < 0 ? docs.subarray(0, 0) : docs.subarray(offsets[best], offsets[best + 1]);
  }

  private gramTable: { offsets: Int32Array; docs: Int32Array } | undefined;

  /** Each bucket's entries (in library order, each once), by runs of GRAM characters in their names. */
  private grams(): { offsets: Int32Array; docs: Int32Array } {
    if (this.gramTable) return this.gramTable;
    const { text, starts } = this;
    const offsets = new Int32Array(BUCKETS + 1);
    const last = new Int32Array(BUCKETS);
    // Two passes over every name's runs: count each bucket's entries, then place them.
    const each = (visit: (bucket: number, doc: number) => void) => {
      last.fill(-1);
      for (let k = 0; k < starts.length; k++) {
        const end = k + 1 < starts.length ? (starts[k + 1] as number) - 1 : text.length;
        const doc = this.docs[k] as number;
        for (let j = starts[k] as number; j + GRAM <= end; j++) {
          const bucket = gramOf(text, j);
          if (last[bucket] === doc) continue;
          last[bucket] = doc;
          visit(bucket, doc);
        }
      }
    };
    each((bucket) => {
      offsets[bucket + 1] = (offsets[bucket + 1] as number) + 1;
    });
    for (let b = 0; b < BUCKETS; b++) offsets[b + 1] = (offsets[b + 1] as number) + (offsets[b] as number);
    const docs = new Int32Array(offsets[BUCKETS] as number);
    const next = offsets.slice(0, BUCKETS);
    each((bucket, doc) => {
      const at = next[bucket] as number;
      docs[at] = doc;
      next[bucket] = at + 1;
    });
    this.gramTable = { offsets, docs };
    return this.gramTable;
  }

  /** The name whose span holds text position `i`. */
  keyAt(i: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] as number) <= i) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}

/** Characters in a run NameText.holding() looks fragments up by (shorter fragments search the text). */
export const GRAM = 3;
/** Buckets runs are hashed into. */
const BUCKETS = 1 << 14;

/** The bucket of the GRAM characters of `text` at `j`. */
function gramOf(text: string, j: number): number {
  let h = 0;
  for (let i = j; i < j + GRAM; i++) h = Math.imul(h, 31) + text.charCodeAt(i);
  return h & (BUCKETS - 1);
}
