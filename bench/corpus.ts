import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PLACES_FILE, parsePlaces } from '../src/kb/places.js';
import { DOC_TYPES, type DocType } from '../src/kb/schema.js';

/** The real base's place codes, so synthetic laws name places the way curated ones do. */
const JURISDICTION_CODES = parsePlaces(
  PLACES_FILE,
  readFileSync(new URL(`../knowledge/${PLACES_FILE}`, import.meta.url), 'utf8'),
).places.codes;

/**
 * A synthetic knowledge base shaped like the real one: Markdown entries with valid front matter, a summary
 * of about 60 words and a body of 3 to 5 paragraphs (so about 5 passages a document), words drawn from a
 * Zipf-distributed vocabulary of 30,000 invented words with the domain's own terms mixed in at 6%.
 * Deterministic for a given seed, so every engine in a run sees the same text.
 */

export const DOMAIN_TERMS = [
  'facial',
  'recognition',
  'biometric',
  'consent',
  'police',
  'surveillance',
  'moratorium',
  'privacy',
  'retention',
  'fingerprint',
  'identifier',
  'ordinance',
  'coalition',
  'letter',
  'settlement',
  'lawsuit',
  'damages',
  'ban',
  'camera',
  'database',
  'accuracy',
  'statute',
  'enforcement',
  'agency',
  'company',
  'warrant',
  'notice',
  'penalty',
  'employer',
  'school',
];
const ORGS = [
  'ACLU',
  'EFF',
  'EPIC',
  'Amazon',
  'Microsoft',
  'Google',
  'IBM',
  'Axon',
  'Meta',
  'Clearview AI',
  'CDT',
];

export function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Corpus {
  sources: { path: string; text: string }[];
  /** Invented words by frequency rank (index 0 most common). */
  vocabulary: string[];
  random: () => number;
  word: () => string;
}

export function makeCorpus(documents: number, seed = 42): Corpus {
  const random = prng(seed);
  const vocabulary = makeVocabulary(30_000, random);
  // Zipf (s = 1): inverse CDF over precomputed cumulative weights.
  const cumulative: number[] = [];
  let sum = 0;
  for (let i = 0; i < vocabulary.length; i++) {
    sum += 1 / (i + 1);
    cumulative.push(sum);
  }
  const word = () => {
    if (random() < 0.06) return DOMAIN_TERMS[Math.floor(random() * DOMAIN_TERMS.length)] as string;
    const target = random() * sum;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] as number) < target) lo = mid + 1;
      else hi = mid;
    }
    return vocabulary[lo] as string;
  };
  const words = (min: number, max: number) => {
    const n = min + Math.floor(random() * (max - min + 1));
    return Array.from({ length: n }, word).join(' ');
  };
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)] as T;
  const date = () =>
    `${2000 + Math.floor(random() * 26)}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`;

  // The places table the entries' jurisdictions are checked against, as a knowledge folder carries it.
  const sources: Corpus['sources'] = [
    {
      path: `knowledge/${PLACES_FILE}`,
      text: readFileSync(new URL(`../knowledge/${PLACES_FILE}`, import.meta.url), 'utf8'),
    },
  ];
  for (let i = 0; i < documents; i++) {
    const type: DocType = pick(DOC_TYPES);
    const id = `doc-${i}`;
    const fm: string[] = [
      '---',
      `id: ${id}`,
      `type: ${type}`,
      `title: ${words(3, 8)}`,
      `aliases: [${words(1, 3)} ${i}, ${id} ${words(1, 2)}]`,
      `date: ${date()}`,
      `summary: ${words(45, 75)}`,
      'sources:',
      `  - url: https://example.org/${id}`,
      `    title: ${words(3, 6)}`,
      `tags: [${words(1, 1)}]`,
      'added: 2026-01-01',
    ];
    if (type === 'law' || type === 'bill') {
      fm.push(`jurisdiction: ${pick(JURISDICTION_CODES)}`, 'status: in-force', 'status_as_of: 2025-01-01');
      fm.push('provisions:', `  covered: ${words(8, 15)}`, `  consent: ${words(8, 15)}`);
    } else if (type === 'letter') {
      fm.push(
        `authors: [${pick(ORGS)}]`,
        `recipients: [${pick(ORGS)}]`,
        `signatories: [${pick(ORGS)}, ${pick(ORGS)}]`,
      );
    } else if (type === 'statement') {
      fm.push(`organization: ${pick(ORGS)}`, `commitments: [${words(6, 12)}]`);
    } else if (type === 'case') {
      fm.push(
        `court: ${words(2, 4)}`,
        `parties: [${pick(ORGS)}, ${words(2, 3)}]`,
        `outcome: ${words(6, 12)}`,
      );
    }
    fm.push('---', '');
    const paragraphs = 3 + Math.floor(random() * 3);
    const body: string[] = [`## ${words(2, 4)}`];
    for (let p = 0; p < paragraphs; p++) body.push(words(40, 120));
    sources.push({ path: `knowledge/${type}s/${id}.md`, text: `${fm.join('\n')}${body.join('\n\n')}\n` });
  }
  return { sources, vocabulary, random, word };
}

function makeVocabulary(size: number, random: () => number): string[] {
  const consonants = 'bcdfghjklmnprstvwz';
  const vowels = 'aeiou';
  const seen = new Set<string>(DOMAIN_TERMS);
  const out: string[] = [];
  while (out.length < size) {
    const syllables = 2 + Math.floor(random() * 3);
    let w = '';
    for (let i = 0; i < syllables; i++) {
      w += consonants[Math.floor(random() * consonants.length)];
      w += vowels[Math.floor(random() * vowels.length)];
    }
    if (random() < 0.3) w += consonants[Math.floor(random() * consonants.length)];
    if (!seen.has(w)) {
      seen.add(w);
      out.push(w);
    }
  }
  return out;
}

/** Drops, doubles or swaps one letter: the typos members make. */
export function misspell(word: string, random: () => number): string {
  if (word.length < 5) return word;
  const i = 1 + Math.floor(random() * (word.length - 2));
  const kind = Math.floor(random() * 3);
  if (kind === 0) return word.slice(0, i) + word.slice(i + 1);
  if (kind === 1) return word.slice(0, i) + word[i] + word.slice(i);
  return word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
}

/** Writes makeCorpus(documents)'s files under `root` (they go in its knowledge/ folder). */
export function writeCorpus(root: string, documents: number): void {
  for (const s of makeCorpus(documents).sources) {
    const file = join(root, s.path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, s.text);
  }
}
