import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { z } from 'zod';
import { stem, tokenize } from './text.js';
import { sameSense } from './word-senses.js';

/**
 * knowledge/synonyms.yml: a list of groups, each a list of words or phrases members use interchangeably
 * ("facial recognition", "face recognition", "FRT"). A query that says one searches for all of them.
 */
export const SynonymFile = z.array(
  z.array(z.string().trim().min(1)).min(2, { error: 'a group needs two or more terms' }),
);
export type SynonymFile = z.infer<typeof SynonymFile>;

/**
 * Synonym groups keyed by each member's stemmed words joined with spaces, so "asking" finds the group of
 * "ask" and "law enforcement officers" the group of "law enforcement officer". Members keep their words.
 */
export class Synonyms {
  private readonly groups = new Map<string, string[]>();
  /**
   * By group key, the group's members with exactly those stems, word by word (see sensesAgree): made the
   * first time a question finds the group, instead of stemming every member again for every question.
   */
  private readonly alikeOf = new Map<string, string[][]>();
  /** Longest member, in tokens: how far ahead a query scan looks for a phrase. */
  readonly maxTokens: number;
  /**
   * The first words of the phrases lookup() can find, as typed (short members) and stemmed (the rest): a
   * query scan asks for the phrases starting at every word, and most words start none.
   */
  private readonly firstWords = new Set<string>();
  private readonly firstStems = new Set<string>();

  constructor(groups: readonly (readonly string[])[] = []) {
    let max = 1;
    for (const group of groups) {
      const members = [...new Set(group.map((t) => tokenize(t).join(' ')).filter(Boolean))];
      for (const m of members) {
        const key = keyOf(m);
        const existing = this.groups.get(key) ?? [];
        this.groups.set(key, [...new Set([...existing, ...members])]);
        max = Math.max(max, m.split(' ').length);
      }
    }
    this.maxTokens = max;
    for (const key of this.groups.keys()) {
      const space = key.indexOf(' ');
      if (space < 0) continue;
      if (key.startsWith('=')) this.firstWords.add(key.slice(1, space));
      else this.firstStems.add(key.slice(0, space));
    }
  }

  /** False when no phrase of two words or more that lookup() finds starts with `word`. */
  startsPhrase(word: string): boolean {
    return this.firstWords.has(word) || this.firstStems.has(stem(word));
  }

  /** Every member of the groups `phrase` belongs to (itself included), or undefined if it has none. */
  lookup(phrase: string): string[] | undefined {
    const exact = this.groups.get(`=${phrase}`);
    if (exact) return exact;
    const key = stemKey(phrase);
    const group = this.groups.get(key);
    if (!group) return undefined;
    let alike = this.alikeOf.get(key);
    if (!alike) {
      alike = group.filter((m) => stemKey(m) === key).map((m) => m.split(' '));
      this.alikeOf.set(key, alike);
    }
    // Same stems, other sense ("customers" is not the group of "customs"): see word-senses.ts.
    return sensesAgree(phrase, alike) ? group : undefined;
  }

  get size(): number {
    return this.groups.size;
  }

  /** Every word of every member: the vocabulary members are expected to use. */
  words(): Set<string> {
    return new Set([...this.groups.values()].flat().flatMap((m) => m.split(' ')));
  }
}

export async function loadSynonyms(path: string): Promise<Synonyms> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Synonyms();
    throw error;
  }
  const parsed = SynonymFile.safeParse(parse(text) ?? []);
  if (!parsed.success) {
    throw new Error(`search: ${path}: ${z.prettifyError(parsed.error).replace(/\n/g, '; ')}`);
  }
  return new Synonyms(parsed.data);
}

/**
 * True when a member of the group that `phrase` was found by with the same stems (`alike`, word by word)
 * has, word by word, its senses.
 */
function sensesAgree(phrase: string, alike: readonly (readonly string[])[]): boolean {
  const words = phrase.split(' ');
  return alike.length === 0 || alike.some((m) => m.every((w, i) => sameSense(w, words[i] as string)));
}

const stemKey = (phrase: string) => phrase.split(' ').map(stem).join(' ');
/**
 * Short members ("us", "eu", "ag") are matched as typed: stemmed, "use" and "us" would be one word, and
 * "can police use it" would search for federal laws.
 */
const keyOf = (member: string) => (member.length <= 3 ? `=${member}` : stemKey(member));
