import type { Doc } from '../kb/schema.js';
import { splitPassages } from '../search/passages.js';
import type { PlaceJudgement, QueryConcept, SearchFilters, SearchIndex } from '../search/types.js';
import { ANSWER_SECTIONS, type QuestionType } from './question-type.js';

/** A passage as /ask uses it: numbered for citation, cleaned of Markdown, with its entry. */
export interface NumberedPassage {
  /** 1-based; what the model cites and the citation check accepts. */
  n: number;
  doc: Doc;
  heading: string;
  text: string;
}

export interface Retrieval {
  /** The search engine's judgement that the best passages answer the question (see SearchResult.confident). */
  confident: boolean;
  confidence: number;
  passages: NumberedPassage[];
  /** The question as search understood it, when the engine reports it. */
  concepts?: QueryConcept[] | undefined;
  /** The places the question names, and those nothing retrieved is about. */
  places?: PlaceJudgement | undefined;
}

export interface RetrievalOptions {
  /** Passages to consider (default 6). */
  limit?: number;
  /** At most this many from one entry, so one long entry cannot crowd out the rest (default 2). */
  perDoc?: number;
  /** Cap on the passages' total characters: bounds the prompt, hence the cost of a model call (default 6,000). */
  maxChars?: number;
  /** Where the question was asked (a thread's title): helps find and judge the answer. */
  context?: string | undefined;
}

/** The best passages for a question, numbered, within the prompt-size cap. */
export function retrievePassages(
  search: SearchIndex,
  question: string,
  filters: SearchFilters | undefined,
  options: RetrievalOptions = {},
): Retrieval {
  const maxChars = options.maxChars ?? 6_000;
  const found = search.passages({
    text: question,
    ...(options.context ? { context: options.context } : {}),
    ...(filters ? { filters } : {}),
    limit: options.limit ?? 6,
    perDoc: options.perDoc ?? 2,
  });
  const passages: NumberedPassage[] = [];
  let used = 0;
  const add = (doc: Doc, heading: string, raw: string): boolean => {
    const room = maxChars - used;
    if (room < 200) return false;
    const clean = cleanMarkdown(raw);
    const text = clean.length <= room ? clean : `${clean.slice(0, clean.lastIndexOf(' ', room - 1))}…`;
    passages.push({ n: passages.length + 1, doc, heading, text });
    used += text.length;
    return true;
  };
  // The best few entries also bring their summary, when search picked other passages of them: the
  // summary says what the entry is, which the matching paragraph often takes for granted.
  const summarized = new Set(found.hits.filter((h) => h.passage.index === 0).map((h) => h.doc.id));
  const seen = new Set<string>();
  for (const hit of found.hits) {
    if (!add(hit.doc, hit.passage.heading, hit.passage.text)) break;
    if (!seen.has(hit.doc.id) && seen.size < SUMMARIZED_ENTRIES && !summarized.has(hit.doc.id)) {
      summarized.add(hit.doc.id);
      if (!add(hit.doc, 'Summary', hit.doc.summary)) break;
    }
    seen.add(hit.doc.id);
  }
  return {
    confident: found.confident && passages.length > 0,
    confidence: found.confidence,
    passages,
    concepts: found.concepts,
    places: found.places,
  };
}

/** Entries (best first) whose summary joins the passages. */
const SUMMARIZED_ENTRIES = 3;

/** Plain text from a passage's Markdown: emphasis, link targets, list bullets and headings removed. */
export function cleanMarkdown(text: string): string {
  return text
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/^\s{0,3}#{1,6}\s+/gm, '')
    .replace(/^\s*(?:[-*+]|\d+\.)\s+/gm, '\n')
    .replace(/(\*\*|__|`)/g, '')
    .replace(/(^|\s)[*_](\S[^*_]*\S|\S)[*_](?=\s|[.,;:!?]|$)/g, '$1$2')
    .replace(/[ \t]+/g, ' ')
    .trim();
}

/** Entries (best first) whose answering sections join the passages. */
const SECTION_ENTRIES = 2;
/** A section added this way is cut to this many characters. */
const SECTION_CHARS = 1_200;

/**
 * The passages plus, for the best entries, the sections that answer the kind of question asked when
 * search picked other parts of them: "What happened after the ruling?" is answered by the case's "What
 * followed", which shares few words with the question; "How much can I sue for?" by "Penalties".
 */
export function withAnswerSections(
  passages: readonly NumberedPassage[],
  type: QuestionType,
): NumberedPassage[] {
  const wanted = ANSWER_SECTIONS[type];
  if (!wanted) return [...passages];
  const out = [...passages];
  const docs = [...new Map(passages.map((p) => [p.doc.id, p.doc])).values()].slice(0, SECTION_ENTRIES);
  for (const doc of docs) {
    const have = new Set(out.filter((p) => p.doc.id === doc.id).map((p) => p.heading));
    const section = splitPassages(doc).find(
      (p) => p.index > 1 && wanted.test(p.heading) && !have.has(p.heading),
    );
    if (!section) continue;
    const clean = cleanMarkdown(section.text);
    const text =
      clean.length <= SECTION_CHARS ? clean : `${clean.slice(0, clean.lastIndexOf(' ', SECTION_CHARS - 1))}…`;
    out.push({ n: out.length + 1, doc, heading: section.heading, text });
  }
  return out;
}

/**
 * The two things a comparison names, as separate queries: "Which is stricter, Texas' law or Illinois'
 * BIPA?" → "Texas' law", "Illinois' BIPA"; "Rosenbach versus Cothron, what did each decide?" →
 * "Rosenbach", "Cothron". Empty when the question does not split in two.
 */
export function comparisonSides(question: string): string[] {
  const q = question.replace(/[?!.]+$/, '').trim();
  const body = /,\s*(.+\b(?:or|and|vs\.?|versus)\b.+)$/i.exec(q)?.[1] ?? q;
  const between = /\bbetween\s+(.+?)\s+and\s+(.+)$/i.exec(body);
  const parts = between
    ? [between[1]!, between[2]!]
    : body.split(/\s+(?:versus|vs\.?|or|with|and)\s+/i).slice(0, 2);
  if (parts.length < 2) return [];
  return parts
    .map((part) =>
      part
        .replace(/^(?:which is \w+|compare|how do|how does|how did|what is the difference)\s*/i, '')
        .replace(/,.*$/, '')
        .trim(),
    )
    .filter((part) => part.split(/\s+/).length >= 1 && part.length > 2);
}

/**
 * The passages plus, for each side of a comparison that retrieval missed, the best passages of the entry
 * that side names on its own, so both sides can be stated.
 */
export function withComparisonSides(
  search: SearchIndex,
  question: string,
  filters: SearchFilters | undefined,
  passages: readonly NumberedPassage[],
): NumberedPassage[] {
  const out = [...passages];
  const sides = comparisonSides(question);
  if (sides.length !== 2) return out;
  for (const side of sides) {
    const found = search.passages({ text: side, ...(filters ? { filters } : {}), limit: 2, perDoc: 2 });
    const top = found.hits[0]?.doc;
    if (!top || !found.confident || out.some((p) => p.doc.id === top.id)) continue;
    for (const hit of found.hits.filter((h) => h.doc.id === top.id))
      out.push({
        n: out.length + 1,
        doc: top,
        heading: hit.passage.heading,
        text: cleanMarkdown(hit.passage.text),
      });
  }
  return out;
}
