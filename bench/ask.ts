import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { answerQuestion } from '../src/answer/answer-question.js';
import { createAnswerer } from '../src/answer/answerer.js';
import type { Library } from '../src/kb/library.js';
import { buildLibrary } from '../src/kb/load-library.js';
import { PLACES_FILE, parsePlaces } from '../src/kb/places.js';
import { createSearchIndex, loadSynonyms, type SearchIndex } from '../src/search/index.js';
import { createMemoryStore } from '../src/store/memory-store.js';
import { makeCorpus } from './corpus.js';
import { makeQueries } from './search.js';
import { ms, percentile } from './stats.js';

export interface AskBenchResult {
  documents: number;
  questions: number;
  /** Share of questions answered (the rest were declined as not covered). */
  answered: number;
  extractiveP50Ms: number;
  extractiveP99Ms: number;
  cacheHitP50Ms: number;
  cacheHitP99Ms: number;
}

/**
 * /ask without a model: the whole extractive path (retrieval, sentence choice, citation check, composing
 * the reply) per question, then the same questions again through the answerer, where each is a cache hit
 * (in-memory store: the cost of our own code, not of a store's network round trip).
 */
export async function benchAsk(
  library: Library,
  search: SearchIndex,
  questions: readonly string[],
): Promise<AskBenchResult> {
  for (const q of questions.slice(0, 20))
    await answerQuestion({ question: q }, { search, places: library.places }); // warm-up
  const extractive: number[] = [];
  let answered = 0;
  for (const question of questions) {
    const start = performance.now();
    const { result } = await answerQuestion({ question }, { search, places: library.places });
    extractive.push(performance.now() - start);
    if (result.covered) answered++;
  }

  const store = createMemoryStore();
  const answerer = createAnswerer({
    knowledge: () => ({ library, search }),
    store,
    clock: () => new Date(),
    settings: {
      cacheTtlMs: 60 * 60_000,
      userLimit: 1_000_000,
      userWindowMs: 60_000,
      guildLimit: 1_000_000,
      guildWindowMs: 60_000,
      maxPromptChars: 6_000,
    },
  });
  for (const question of questions) await answerer.ask({ question });
  const hits: number[] = [];
  for (const question of questions) {
    const start = performance.now();
    const outcome = await answerer.ask({ question, userId: 'bench', guildId: 'bench' });
    hits.push(performance.now() - start);
    if (!outcome.ok || !outcome.cached) throw new Error(`bench: expected a cache hit for "${question}"`);
  }
  await store.close();
  return {
    documents: library.size,
    questions: questions.length,
    answered: answered / questions.length,
    extractiveP50Ms: percentile(extractive, 50),
    extractiveP99Ms: percentile(extractive, 99),
    cacheHitP50Ms: percentile(hits, 50),
    cacheHitP99Ms: percentile(hits, 99),
  };
}

/** Member-style questions over the synthetic corpus's words. */
export function makeQuestions(count: number): string[] {
  const forms = [
    'what does the law say about',
    'did anyone commit to',
    'can my employer use',
    'who signed the letter on',
  ];
  return makeQueries(count).map((q, i) => `${forms[i % forms.length]} ${q.text}?`);
}

export function formatAskBench(r: AskBenchResult): string {
  return [
    `/ask (extractive, no model) at ${r.documents} documents, ${r.questions} questions, ${(100 * r.answered).toFixed(0)}% answered, the rest declined`,
    `  extractive answer  p50 ${ms(r.extractiveP50Ms)} ms   p99 ${ms(r.extractiveP99Ms)} ms   (target p99 <= 20 ms)`,
    `  cache hit          p50 ${ms(r.cacheHitP50Ms)} ms   p99 ${ms(r.cacheHitP99Ms)} ms   (target p99 <= 5 ms)`,
  ].join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const documents = Number(process.env.BENCH_DOCUMENTS ?? '10000');
  const count = Number(process.env.BENCH_ASK_QUESTIONS ?? '1000');
  const corpus = makeCorpus(documents);
  // The corpus carries the places table as a knowledge folder does; entries are the Markdown files.
  const placesSource = corpus.sources.find((s) => s.path.endsWith(PLACES_FILE));
  const places = placesSource ? parsePlaces(placesSource.path, placesSource.text).places : undefined;
  const entries = corpus.sources.filter((s) => s.path.endsWith('.md'));
  const { library, problems } = buildLibrary(entries, { today: '2026-11-22', ...(places ? { places } : {}) });
  if (problems.length > 0) throw new Error(`bench corpus invalid: ${problems.length} problems`);
  const search = createSearchIndex(library, { synonyms: await loadSynonyms('knowledge/synonyms.yml') });
  const result = await benchAsk(library, search, makeQuestions(count));
  search.close();
  console.log(formatAskBench(result));
}
