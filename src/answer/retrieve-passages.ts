import type { Doc } from '../kb/schema.js';
import type { PlaceJudgement, QueryConcept, SearchFilters, SearchIndex } from '../search/types.js';

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
