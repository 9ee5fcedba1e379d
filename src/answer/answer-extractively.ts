import type { ModelSentence } from '../llm/types.js';
import type { NumberedPassage } from './retrieve-passages.js';
import { splitSentences } from './split-sentences.js';
import { terms } from './terms.js';

/** Below this share of the question's (rarity-weighted) words, a sentence does not answer it. */
export const MIN_SENTENCE_SCORE = 0.2;

export interface Extraction {
  /** Two to four sentences, verbatim from the passages, each citing the passage it came from. */
  sentences: ModelSentence[];
  /** Score of the best sentence, 0..1 (for the evaluation and logs). */
  best: number;
}

interface Unit {
  n: number;
  position: number;
  text: string;
  terms: Set<string>;
  score: number;
}

/**
 * The answer without a model: the sentences of the retrieved passages that best answer the question,
 * quoted as they are, each cited. A sentence scores by the share of the question's words it contains,
 * rare words counting more (idf over the candidate sentences); words of the entry's title count half, so
 * "It extended the moratorium" still answers a question about Amazon when it sits in Amazon's statement.
 * Pure: no I/O, no clock.
 */
export function answerExtractively(
  question: string,
  passages: readonly NumberedPassage[],
  options: { max?: number; min?: number; perPassage?: number } = {},
): Extraction {
  const max = options.max ?? 4;
  const min = options.min ?? 2;
  const perPassage = options.perPassage ?? 2;
  const wanted = [...new Set(terms(question))];
  if (wanted.length === 0 || passages.length === 0) return { sentences: [], best: 0 };

  const units: Unit[] = [];
  const titleTerms = new Map<number, Set<string>>();
  for (const p of passages) {
    titleTerms.set(p.n, new Set(terms(`${p.doc.title} ${p.doc.aliases.join(' ')}`)));
    let position = 0;
    for (const line of p.text.split(/\n\s*\n|\n(?=[\p{Lu}][\p{L} ]{0,40}: )/u)) {
      for (const sentence of splitSentences(line)) {
        const words = sentence.split(/\s+/).length;
        if (words < 4 || sentence.length > 600) continue;
        units.push({
          n: p.n,
          position: position++,
          text: finish(sentence),
          terms: new Set(terms(sentence)),
          score: 0,
        });
      }
    }
  }
  const weight = new Map<string, number>();
  for (const t of wanted) {
    const df = units.filter((u) => u.terms.has(t)).length;
    weight.set(t, 1 + Math.log((units.length + 1) / (df + 1)));
  }
  const total = wanted.reduce((sum, t) => sum + (weight.get(t) ?? 1), 0);
  for (const u of units) {
    const title = titleTerms.get(u.n) ?? new Set();
    let got = 0;
    for (const t of wanted) {
      if (u.terms.has(t)) got += weight.get(t) ?? 1;
      else if (title.has(t)) got += (weight.get(t) ?? 1) / 2;
    }
    // A small preference for the passages search ranked first.
    u.score = got / total + 0.05 / u.n;
  }

  const ranked = units
    .filter((u) => u.score >= MIN_SENTENCE_SCORE)
    .sort((a, b) => b.score - a.score || a.n - b.n);
  const best = ranked[0]?.score ?? 0;
  const chosen: Unit[] = [];
  const perN = new Map<number, number>();
  for (const u of ranked) {
    if (chosen.length >= max) break;
    if (chosen.length >= min && u.score < best * 0.6) break;
    if ((perN.get(u.n) ?? 0) >= perPassage) continue;
    if (chosen.some((c) => overlap(c.terms, u.terms) > 0.7)) continue;
    chosen.push(u);
    perN.set(u.n, (perN.get(u.n) ?? 0) + 1);
  }
  // Read in a natural order: passages by their best sentence, sentences in their passage's order.
  const passageOrder = [...new Set(chosen.map((u) => u.n))];
  chosen.sort((a, b) => passageOrder.indexOf(a.n) - passageOrder.indexOf(b.n) || a.position - b.position);
  return { sentences: chosen.map((u) => ({ text: u.text, citations: [u.n] })), best: Math.min(1, best) };
}

function overlap(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  for (const t of a) if (b.has(t)) shared++;
  return shared / Math.max(1, Math.min(a.size, b.size));
}

/** Key-fact lines ("Consent: …") have no full stop; a sentence in an answer should. */
function finish(sentence: string): string {
  const s = sentence.replace(/[;:,]\s*$/, '').trim();
  return /[.!?]["'”’)]*$/.test(s) ? s : `${s}.`;
}
