import { type Doc, isLawLike } from '../kb/schema.js';
import type { ModelSentence } from '../llm/types.js';
import type { NumberedPassage } from './retrieve-passages.js';
import type { AnswerResult, AnswerSource } from './types.js';

/**
 * Turns checked sentences (citing passage numbers) into what a member reads: citations renumbered by
 * entry in order of first use (two passages of one law are one source), a Sources list with each entry's
 * original source, then the notes; a law answer ends with the "not legal advice" line.
 */
export function composeAnswer(input: {
  mode: AnswerResult['mode'];
  sentences: readonly ModelSentence[];
  passages: readonly NumberedPassage[];
  notes?: readonly string[];
}): AnswerResult {
  const byN = new Map(input.passages.map((p) => [p.n, p.doc]));
  const sourceOf = new Map<string, AnswerSource>();
  const cited: Doc[] = [];
  const sentences = input.sentences.map((s) => {
    const citations: number[] = [];
    for (const n of s.citations) {
      const doc = byN.get(n);
      if (!doc) continue;
      let source = sourceOf.get(doc.id);
      if (!source) {
        source = { n: sourceOf.size + 1, id: doc.id, title: doc.title, url: doc.sources[0]?.url ?? '' };
        sourceOf.set(doc.id, source);
        cited.push(doc);
      }
      if (!citations.includes(source.n)) citations.push(source.n);
    }
    return { text: s.text, citations };
  });
  const sources = [...sourceOf.values()];
  const notes = [...(input.notes ?? [])];
  const legal = legalNote(cited);
  if (legal) notes.push(legal);
  const body = sentences.map((s) => `${s.text} ${s.citations.map((n) => `[${n}]`).join('')}`).join(' ');
  const answer = [
    body,
    '',
    'Sources:',
    ...sources.map((s) => `[${s.n}] ${s.title}: ${s.url}`),
    ...(notes.length > 0 ? ['', ...notes] : []),
  ].join('\n');
  return { covered: true, mode: input.mode, answer, sentences, sources, notes, closest: [] };
}

/** The honest "we do not know" reply, naming the nearest entries so the member knows where to look. */
export function notCovered(
  passages: readonly NumberedPassage[],
  notes: readonly string[] = [],
  /** Names the question uses that no retrieved entry mentions: said first ("Nothing on Apple…"). */
  missing: readonly string[] = [],
): AnswerResult {
  const closest: AnswerResult['closest'] = [];
  for (const p of passages) {
    if (closest.length >= 3) break;
    if (!closest.some((c) => c.id === p.doc.id)) closest.push({ id: p.doc.id, title: p.doc.title });
  }
  const lines =
    missing.length > 0
      ? [
          `Nothing on ${listNames(missing)} in the knowledge base's entries for this question, so Dossier will not answer from a different one.`,
        ]
      : ['The knowledge base does not cover this question, so Dossier will not guess.'];
  if (closest.length > 0) lines.push('', 'Closest entries:', ...closest.map((c) => `- ${c.title} (${c.id})`));
  if (notes.length > 0) lines.push('', ...notes);
  return {
    covered: false,
    mode: 'extractive',
    answer: lines.join('\n'),
    sentences: [],
    sources: [],
    notes: [...notes],
    closest,
  };
}

/** "Not legal advice. Illinois BIPA: in force as of 2024-08-02." for every law or bill cited. */
export function legalNote(docs: readonly Doc[]): string | undefined {
  const laws = docs.filter(isLawLike);
  if (laws.length === 0) return undefined;
  const statuses = laws.map((d) => `${d.title}: ${d.status.replace(/-/g, ' ')} as of ${d.status_as_of}`);
  return `Not legal advice. ${statuses.join('; ')}.`;
}

/** "Apple", "Apple and Ring", "Apple, Ring and CCPA". */
function listNames(names: readonly string[]): string {
  return names.length <= 1
    ? (names[0] ?? '')
    : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
