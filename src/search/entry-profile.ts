import type { Library } from '../kb/library.js';
import type { Doc } from '../kb/schema.js';
import { type TokenIndex, tokenIndex, type WordSet } from './coverage.js';
import { namesOf } from './passages.js';
import { type Actor, type Activity, frameOfText, frameWords, placeOfDoc } from './question-frame.js';
import { tokenize } from './text.js';
import type { WordTable } from './vocabulary.js';
import { WordNumbers } from './word-numbers.js';

/**
 * What an entry is about, as the query side matches it (the knowledge base's concept map): its names,
 * the questions members ask about it, its tags, where its rule applies, and which actors and activities
 * it concerns. Built once per index from the entries themselves.
 */
export interface EntryProfile {
  /** Title, aliases, place or organisation, and questions: matched with every passage of the entry. */
  about: string;
  /** Aliases and place or organisation: the index's `names` column. */
  names: string;
  /** The questions members ask about it: the index's `asked` column. */
  asked: string;
  /** Each question, tokenised: a member's question close to one of them is about this entry. */
  questions: TokenIndex[];
  place: string | undefined;
  /** A law in force or passed (not a bill, case or statement): what questions about the rules ask for. */
  law: boolean;
  /** The words of its title and aliases: a question naming one ("GDPR", "Six Flags") is about it. */
  nameWords: Set<string>;
  actors: Set<Actor>;
  activities: Set<Activity>;
}

export function entryProfiles(library: Library): EntryProfile[] {
  const byId = (id: string) => library.get(id);
  const frames: Frames = new Map();
  return library.docs.map((doc) => new Profile(doc, placeOfDoc(doc, byId), frames));
}

/** An entry's actors and activities; never changed once made, so entries with the same ones share them. */
type Frame = { actors: Set<Actor>; activities: Set<Activity> };
/**
 * The frames the profiles of one base have made, by their actors and activities: a few dozen
 * combinations, where a frame of its own for each entry a search ranks was two sets (about 300 bytes)
 * for each of thousands of entries, kept, and filled while members search.
 */
type Frames = Map<string, Frame>;

/**
 * An entry's profile. What every search needs of every entry (its place) is read when the index opens;
 * its names, questions and the rest when asked: the texts from the entry each time (a search reads them
 * of a few entries, and a large base's index would hold them all again), the questions tokenised, name
 * words, actors and activities when a search first ranks one of the entry's passages, kept.
 */
class Profile implements EntryProfile {
  private frame?: Frame;
  private tokenised?: TokenIndex[];
  private words?: Set<string>;

  constructor(
    private readonly doc: Doc,
    readonly place: string | undefined,
    private readonly frames: Frames,
  ) {}

  get asked(): string {
    return this.doc.questions.join('; ');
  }

  get names(): string {
    return namesOf(this.doc);
  }

  get about(): string {
    return `${this.doc.title} ${this.names} ${this.asked}`;
  }

  get law(): boolean {
    return this.doc.type === 'law';
  }

  get questions(): TokenIndex[] {
    this.tokenised ??= this.doc.questions.map(tokenIndex);
    return this.tokenised;
  }

  get nameWords(): Set<string> {
    this.words ??= new Set(tokenize(`${this.doc.title} ${this.doc.aliases.join(' ')}`));
    return this.words;
  }

  get actors(): Set<Actor> {
    return this.frameOf().actors;
  }

  get activities(): Set<Activity> {
    return this.frameOf().activities;
  }

  private frameOf(): Frame {
    if (this.frame) return this.frame;
    const d = this.doc;
    const made = frameOfText(`${d.title} ${d.aliases.join(' ')} ${this.asked} ${d.tags.join(' ')}`);
    const key = `${[...made.actors].join(' ')}|${[...made.activities].join(' ')}`;
    let shared = this.frames.get(key);
    if (shared === undefined) {
      shared = made;
      this.frames.set(key, made);
    }
    this.frame = shared;
    return shared;
  }
}

/**
 * The words members are expected to use about the base: every entry's names, questions and tags (`base`,
 * as baseDomainWords() gives them, kept in the index's file), and the synonyms' and frame words.
 */
export function domainWords(base: Iterable<string>, extra: Iterable<string>, table?: WordTable): WordSet {
  return table
    ? new FlaggedWords(table, [...extra, ...frameWords(), ...base])
    : new Set<string>([...extra, ...frameWords(), ...base]);
}

/**
 * Words as flags beside the index's table of words (one byte a word), and the few the table lacks in a
 * set: a large base's domain holds most of its words, and a set of them held each word again.
 */
class FlaggedWords implements WordSet {
  private readonly flags: Uint8Array;
  private readonly others = new Set<string>();

  constructor(
    private readonly table: WordTable,
    words: Iterable<string>,
  ) {
    this.flags = new Uint8Array(table.words.length);
    for (const word of words) {
      const n = table.numberOf.get(word);
      if (n === undefined) this.others.add(word);
      else this.flags[n] = 1;
    }
  }

  has(word: string): boolean {
    const n = this.table.numberOf.get(word);
    return n === undefined ? this.others.has(word) : this.flags[n] === 1;
  }
}

/**
 * Every entry's names, questions and tags as distinct words (tokenString's), in order of first appearance:
 * the order WordNumbers numbers them in, without a string made for each token.
 */
export function baseDomainWords(docs: readonly Doc[], profiles: readonly EntryProfile[]): string[] {
  const words = new WordNumbers();
  docs.forEach((doc, i) => words.numbersOf(`${profiles[i]?.about ?? ''} ${doc.tags.join(' ')}`));
  return words.words;
}
