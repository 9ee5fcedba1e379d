import { type Doc, isLawLike } from '../kb/schema.js';
import type { ModelSentence } from '../llm/types.js';
import { splitPassages } from '../search/passages.js';
import { checkCitations } from './check-citations.js';
import { cleanMarkdown } from './retrieve-passages.js';
import { splitSentences } from './split-sentences.js';
import { labelFor, placeOf } from './where-it-applies.js';

/**
 * A benchmark for the citation check built from the knowledge base itself: for each of many sentences of
 * the entries, a faithful paraphrase and several edits that change what it says (negation added or
 * removed, numbers swapped, modality flipped, a company or subject swapped, a date shifted, the scope
 * changed), all made by code, deterministically. The check should drop every edit and keep the paraphrase.
 */
export const EDIT_KINDS = [
  'negation-added',
  'negation-removed',
  'modality-flipped',
  'number-swapped',
  'date-shifted',
  'subject-swapped',
  'scope-changed',
] as const;
export type EditKind = (typeof EDIT_KINDS)[number];

export interface PerturbationCase {
  entry: string;
  /** The passage the sentence comes from: what the variants cite. */
  passage: string;
  /** The entry's title, aliases and place: what the check accepts as naming it. */
  names: string;
  original: string;
  /** The faithful paraphrase. */
  paraphrase: string;
  edits: { kind: EditKind; text: string }[];
}

/** Organisations and people the entries talk about, for swapping one for another. */
const ACTORS = [
  'Amazon',
  'Microsoft',
  'Google',
  'IBM',
  'Facebook',
  'Meta',
  'Clearview',
  'Axon',
  'ACLU',
  'EFF',
  'NTIA',
  'FBI',
  'NetChoice',
  'EPIC',
  'Congress',
  'Illinois',
  'Texas',
  'Washington',
  'California',
  'Portland',
  'Boston',
  'Oakland',
  'Vermont',
  'Virginia',
];
const MONTHS = 'January February March April May June July August September October November December'.split(
  ' ',
);

/** Cases from up to `limit` sentences of `docs` (in id order) that admit at least two meaning-changing edits. */
export function buildPerturbations(docs: readonly Doc[], limit = 400): PerturbationCase[] {
  const cases: PerturbationCase[] = [];
  const sorted = [...docs].sort((a, b) => a.id.localeCompare(b.id));
  for (const doc of sorted) {
    const names = `${doc.title} ${doc.aliases.join(' ')} ${placeOf(doc) ?? ''}`;
    for (const p of splitPassages(doc)) {
      if (p.heading === 'Key facts') continue;
      const passage = cleanMarkdown(p.text);
      for (const line of passage.split(/\n\s*\n/))
        for (const sentence of splitSentences(line.replace(/\s+/g, ' '))) {
          const words = sentence.split(' ').length;
          // Quotations are checked verbatim already; measure the meaning checks on plain sentences.
          if (words < 8 || words > 60 || /["“”]/.test(sentence)) continue;
          const edits = editsOf(sentence, doc);
          if (edits.length < 2) continue;
          cases.push({
            entry: doc.id,
            passage,
            names,
            original: sentence,
            paraphrase: paraphrase(sentence, doc, cases.length),
            edits,
          });
          if (cases.length >= limit) return cases;
        }
    }
  }
  return cases;
}

const SYNONYMS: [RegExp, string][] = [
  [/\bcompanies\b/, 'businesses'],
  [/\bcompany\b/, 'business'],
  [/\bannounced\b/, 'said'],
  [/\bmore than\b/, 'over'],
  [/\bdoes not\b/, "doesn't"],
  [/\bdid not\b/, "didn't"],
  [/\bis not\b/, "isn't"],
  [/\bpeople\b/, 'individuals'],
  [/\btechnology\b/, 'tech'],
  [/\basked\b/, 'urged'],
  [/\bbecause\b/, 'as'],
  [/\babout\b/, 'around'],
  [/\bbut\b/, 'though'],
  [/\bmay not\b/, 'cannot'],
];

/** A faithful rewording: synonyms, the label an answer would carry, a parenthesis dropped. */
function paraphrase(sentence: string, doc: Doc, i: number): string {
  let text = sentence;
  let swapped = 0;
  for (const [from, to] of SYNONYMS) {
    if (swapped >= 2) break;
    if (from.test(text)) {
      text = text.replace(from, to);
      swapped++;
    }
  }
  if (i % 2 === 0) text = text.replace(/\s*\([^()]*\)/, '');
  // The label an answer gives a rule ("In Illinois (BIPA), …"); other entries are named as a model would.
  if (i % 3 !== 2 && isLawLike(doc)) {
    const label = labelFor(doc);
    const first = /^(\S+)/.exec(text)?.[1] ?? '';
    const lower = /^(?:A|An|The|It|Its|This|They|Each|Every|Any|No|Some)$/.test(first);
    text = `${label}${lower ? text.charAt(0).toLowerCase() + text.slice(1) : text}`;
  }
  return text === sentence
    ? `According to the entry, ${sentence.charAt(0).toLowerCase()}${sentence.slice(1)}`
    : text;
}

/** Every meaning-changing edit that applies to `sentence`, at most one of each kind. */
export function editsOf(sentence: string, doc: Doc): { kind: EditKind; text: string }[] {
  const edits: { kind: EditKind; text: string }[] = [];
  const add = (kind: EditKind, text: string | undefined) => {
    if (text && text !== sentence) edits.push({ kind, text });
  };
  add(
    'negation-added',
    replaceFirst(
      sentence,
      /\b(may|must|can|will|would|should|did|does|do|is|are|was|were|has|have|had|could)\b(?! not| never)/,
      '$1 not',
    ),
  );
  add(
    'negation-removed',
    replaceFirst(sentence, /\b(?:not|never) /, '') ??
      replaceFirst(sentence, /\bcannot\b/, 'can') ??
      replaceFirst(sentence, /\bwithout\b/, 'with') ??
      replaceFirst(sentence, /\bunless\b/, 'and') ??
      replaceFirst(sentence, /\bno longer\b/, 'still') ??
      replaceFirst(sentence, /\bbans\b/, 'allows') ??
      replaceFirst(sentence, /\bbanned\b/, 'allowed') ??
      replaceFirst(sentence, /\bprohibits\b/, 'permits'),
  );
  add(
    'modality-flipped',
    replaceFirst(sentence, /\bmay not\b/, 'need not') ??
      replaceFirst(sentence, /\bmust not\b/, 'may') ??
      replaceFirst(sentence, /\bmust\b/, 'may') ??
      replaceFirst(sentence, /\bshall\b/, 'may') ??
      replaceFirst(sentence, /(?<!\b[A-Z]\w* )\bmay\b(?! not)/, 'must') ??
      replaceFirst(sentence, /\bcan\b(?! not)/, 'must') ??
      replaceFirst(sentence, /\brequires\b/, 'allows') ??
      replaceFirst(sentence, /\brequired\b/, 'allowed'),
  );
  const amounts = [...sentence.matchAll(/\$?\d[\d,]*(?:\.\d+)?(?: (?:million|billion|percent))?/g)]
    .map((m) => m[0])
    .filter((n) => !/^(?:19|20)\d\d$/.test(n));
  const distinct = [...new Set(amounts)];
  if (distinct.length >= 2) {
    const [x, y] = distinct as [string, string];
    add('number-swapped', sentence.replace(x, '\u0000').replace(y, x).replace('\u0000', y));
  } else if (distinct.length === 1) {
    const x = distinct[0]!;
    const digits = x.replace(/[^\d]/g, '');
    const other = [...`${doc.summary} ${doc.body}`.matchAll(/\$?\d[\d,]*/g)]
      .map((m) => m[0])
      .find(
        (n) =>
          n.replace(/[^\d]/g, '') !== digits &&
          n.replace(/[^\d]/g, '').length === digits.length &&
          !/^(?:19|20)\d\d$/.test(n) &&
          n.startsWith('$') === x.startsWith('$'),
      );
    add('number-swapped', sentence.replace(x, other ?? `${x.replace(/\d+/, (d) => String(Number(d) * 10))}`));
  }
  const year = /\b(19|20)(\d\d)\b/.exec(sentence);
  const month = MONTHS.find((m) => new RegExp(`\\b${m}\\b`).test(sentence) && m !== 'May');
  if (year) add('date-shifted', sentence.replace(year[0], String(Number(year[0]) + 1)));
  else if (month) add('date-shifted', sentence.replace(month, MONTHS[(MONTHS.indexOf(month) + 1) % 12]!));
  const present = ACTORS.filter((a) => new RegExp(`\\b${a}\\b`).test(sentence));
  if (present.length >= 2) {
    const [x, y] = present as [string, string];
    const swapped = sentence
      .replace(new RegExp(`\\b${x}\\b`), '\u0000')
      .replace(new RegExp(`\\b${y}\\b`), x)
      .replace('\u0000', y);
    add('subject-swapped', swapped);
  } else if (present.length === 1) {
    const x = present[0]!;
    const other = ACTORS[(ACTORS.indexOf(x) + 7) % ACTORS.length]!;
    add('subject-swapped', sentence.replace(new RegExp(`\\b${x}\\b`), other));
  }
  add(
    'scope-changed',
    replaceFirst(
      sentence,
      /\bprivate (companies|businesses|entities|company|business|entity)\b/,
      'government agencies',
    ) ??
      replaceFirst(sentence, /\b(?:companies|businesses)\b/, 'government agencies') ??
      replaceFirst(sentence, /\b(?:company|business)\b/, 'government agency') ??
      replaceFirst(sentence, /\bpolice\b/, 'private businesses') ??
      replaceFirst(sentence, /\bschools\b/, 'stores') ??
      replaceFirst(sentence, /\bcity\b/, 'private') ??
      replaceFirst(sentence, /\bgovernment\b/, 'private') ??
      replaceFirst(
        sentence,
        /\bin (Illinois|Texas|Washington|California|Oregon|Vermont|Virginia|Massachusetts|New York)\b/,
        'in every state',
      ) ??
      replaceFirst(sentence, /\bsome\b/, 'all') ??
      replaceFirst(sentence, /\bonly\b/, 'also'),
  );
  return edits;
}

function replaceFirst(text: string, pattern: RegExp, to: string): string | undefined {
  return pattern.test(text) ? text.replace(pattern, to) : undefined;
}

export interface PerturbationReport {
  sentences: number;
  edits: number;
  /** Share of meaning-changing edits the check dropped. */
  caught: number;
  byKind: Record<string, { edits: number; caught: number }>;
  /** Share of faithful paraphrases the check dropped (wrongly). */
  paraphrasesDropped: number;
  /** Share of the original sentences, quoted as they are, the check dropped (wrongly). */
  originalsDropped: number;
  /** A few misses of each sort, for --verbose. */
  examples: string[];
}

/**
 * Runs every case through the citation check, each variant as a sentence citing passage 1. `write` turns
 * the variants of one case into sentences as a model would return them: identity by default; the eval passes
 * a round trip through the fake model server and the real `openai` client.
 */
export async function runPerturbations(
  cases: readonly PerturbationCase[],
  write: (c: PerturbationCase, texts: string[]) => Promise<ModelSentence[]> = async (_c, texts) =>
    texts.map((text) => ({ text, citations: [1] })),
): Promise<PerturbationReport> {
  const byKind: Record<string, { edits: number; caught: number }> = {};
  let edits = 0;
  let caught = 0;
  let paraphrasesDropped = 0;
  let originalsDropped = 0;
  const examples: string[] = [];
  for (const c of cases) {
    const texts = [c.original, c.paraphrase, ...c.edits.map((e) => e.text)];
    const sentences = await write(c, texts);
    const verdicts = sentences.map((s) => {
      const { dropped } = checkCitations([s], [{ n: 1, text: c.passage, title: c.names }], new Set(), {
        meaning: true,
      });
      return dropped[0]?.reason;
    });
    if (verdicts[0]) {
      originalsDropped++;
      if (examples.length < 400) examples.push(`original dropped (${verdicts[0]}): ${c.original}`);
    }
    if (verdicts[1]) {
      paraphrasesDropped++;
      if (examples.length < 400) examples.push(`paraphrase dropped (${verdicts[1]}): ${c.paraphrase}`);
    }
    c.edits.forEach((e, i) => {
      const k = (byKind[e.kind] ??= { edits: 0, caught: 0 });
      k.edits++;
      edits++;
      if (verdicts[i + 2]) {
        k.caught++;
        caught++;
      } else if (examples.length < 400) examples.push(`${e.kind} passed: ${e.text}`);
    });
  }
  const share = (n: number, of: number) => (of === 0 ? 0 : n / of);
  return {
    sentences: cases.length,
    edits,
    caught: share(caught, edits),
    byKind: Object.fromEntries(
      Object.entries(byKind).map(([k, v]) => [k, { edits: v.edits, caught: share(v.caught, v.edits) }]),
    ),
    paraphrasesDropped: share(paraphrasesDropped, cases.length),
    originalsDropped: share(originalsDropped, cases.length),
    examples,
  };
}
