import { checkCitations, type DropReason } from '../answer/check-citations.js';
import type { AnswerModel, ModelFailureReason, ModelSentence, TokenUsage } from '../llm/types.js';
import { NO_USAGE } from '../llm/types.js';
import { type Digest, type DigestItem, linkedTitle, plainLine } from './build-digest.js';
import type { DigestSection } from './subscription.js';

/** At most this many sentences make the paragraph; more would stop being a summary. */
export const MAX_SUMMARY_SENTENCES = 3;
/**
 * The paragraph and its references together stay under this many characters, so the first message's
 * content (heading + summary, or a preview's intro + heading + summary) stays within Discord's 2,000.
 */
export const MAX_SUMMARY_CHARS = 1_400;
/** The model's budget when the caller names none (OPENAI_TIMEOUT_MS's default). */
export const DEFAULT_SUMMARY_TIMEOUT_MS = 20_000;

/** What the model is asked, as the "question" of the model contract. */
export const SUMMARY_REQUEST =
  "Summarise today's digest for the coalition in two or three sentences: the most important new or " +
  'updated entries, dates coming up, and anniversaries. Each sentence must cite the numbered entries it ' +
  'is about.';

const SECTION_HEADINGS: Record<DigestSection, string> = {
  new: 'New or updated in the knowledge base',
  upcoming: 'Coming up',
  anniversaries: 'On this day',
};

/** An entry of the digest as the model sees it: numbered by its place in the digest's own list. */
export interface DigestPassage {
  n: number;
  item: DigestItem;
  /** The line the digest shows for it, then the entry's summary. */
  text: string;
}

export type SummaryResult =
  'written' | 'nothing-listed' | 'refusal' | 'failed-check' | 'too-long' | ModelFailureReason;

export interface DigestSummary {
  /** The paragraph with its references, ready to post; undefined when there is none to post. */
  paragraph: string | undefined;
  result: SummaryResult;
  /** Model sentences the citation check removed, and why: for the log. */
  dropped: { text: string; reason: DropReason }[];
  usage: TokenUsage;
  /** For the log only. */
  detail?: string;
}

/**
 * The digest's listed entries, numbered 1..n in the order the digest lists them (new and updated, then
 * coming up, then on this day). An entry listed twice (updated and taking effect) gets two numbers.
 */
export function digestPassages(digest: Digest): DigestPassage[] {
  const items = [...digest.items.new, ...digest.items.upcoming, ...digest.items.anniversaries];
  return items.map((item, i) => ({
    n: i + 1,
    item,
    text: `${plainLine(item, digest.date)} (${item.date}). ${item.doc.summary}`,
  }));
}

/**
 * A short paragraph on `digest` from `model`, whose every sentence cites the entries the digest lists,
 * checked exactly as /ask checks its answers (src/answer/check-citations.ts): a sentence citing nothing or
 * an entry not listed, misquoting one, linking outside the entries' sources, or saying what its entries do
 * not is dropped; mentions are removed. Never rejects, and never takes longer than `timeoutMs`: a failed,
 * slow, refusing or unreadable model gives no paragraph, and the digest goes out without one.
 */
export async function summarizeDigest(
  digest: Digest,
  model: AnswerModel,
  options: { timeoutMs?: number | undefined; signal?: AbortSignal | undefined } = {},
): Promise<DigestSummary> {
  const passages = digestPassages(digest);
  const none = (result: SummaryResult, usage: TokenUsage = NO_USAGE, detail?: string): DigestSummary => ({
    paragraph: undefined,
    result,
    dropped: [],
    usage,
    ...(detail ? { detail } : {}),
  });
  if (passages.length === 0) return none('nothing-listed');

  const timeoutMs = options.timeoutMs ?? DEFAULT_SUMMARY_TIMEOUT_MS;
  const budget = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, budget]) : budget;
  let timer: NodeJS.Timeout | undefined;
  // The model contract promises to honour the signal; this makes sure a model that does not cannot hold
  // the digest back.
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), timeoutMs);
  });
  let reply: Awaited<ReturnType<AnswerModel['answer']>> | 'late';
  try {
    reply = await Promise.race([
      model.answer({
        task: 'digest-summary',
        question: SUMMARY_REQUEST,
        passages: passages.map((p) => ({
          n: p.n,
          title: p.item.doc.title,
          heading: SECTION_HEADINGS[p.item.section],
          text: p.text,
        })),
        signal,
      }),
      late,
    ]);
  } catch (error) {
    return none('server', NO_USAGE, `the model threw: ${String(error)}`);
  } finally {
    clearTimeout(timer);
  }
  if (reply === 'late') return none('timeout', NO_USAGE, `no summary within ${timeoutMs} ms`);
  if (reply.kind === 'failure') return none(reply.reason, reply.usage, reply.detail);
  if (reply.kind === 'refusal') return none('refusal', reply.usage, reply.reason);

  const { kept, dropped } = checkCitations(
    reply.sentences,
    passages.map((p) => ({
      n: p.n,
      text: p.text,
      title: `${p.item.doc.title} ${p.item.doc.aliases.join(' ')}`,
    })),
    new Set(passages.flatMap((p) => p.item.doc.sources.map((s) => s.url))),
  );
  const droppedTexts = dropped.map((d) => ({ text: d.sentence.text, reason: d.reason }));
  if (kept.length === 0)
    return { paragraph: undefined, result: 'failed-check', dropped: droppedTexts, usage: reply.usage };

  // Sentences in the model's order, as many as fit the sentence and character caps.
  const byN = new Map(passages.map((p) => [p.n, p]));
  let chosen = kept.slice(0, MAX_SUMMARY_SENTENCES);
  let paragraph = renderSummary(chosen, byN);
  while (paragraph.length > MAX_SUMMARY_CHARS && chosen.length > 1) {
    chosen = chosen.slice(0, -1);
    paragraph = renderSummary(chosen, byN);
  }
  if (paragraph.length > MAX_SUMMARY_CHARS)
    return { paragraph: undefined, result: 'too-long', dropped: droppedTexts, usage: reply.usage };
  return { paragraph, result: 'written', dropped: droppedTexts, usage: reply.usage };
}

/**
 * "Sentence [1][3]. Sentence [5]." then one line per cited entry: "[1] <title as the list shows it>".
 * The numbers are the entries' places in the digest's own list, so [5] is the fifth entry listed.
 */
function renderSummary(sentences: readonly ModelSentence[], byN: ReadonlyMap<number, DigestPassage>): string {
  const body = sentences
    .map((s) => {
      const text = /[.!?…]["”’)]?$/.test(s.text) ? s.text : `${s.text}.`;
      return `${text} ${[...s.citations]
        .sort((a, b) => a - b)
        .map((n) => `[${n}]`)
        .join('')}`;
    })
    .join(' ');
  const cited = [...new Set(sentences.flatMap((s) => s.citations))].sort((a, b) => a - b);
  const refs = cited.flatMap((n) => {
    const p = byN.get(n);
    return p ? [`[${n}] ${linkedTitle(p.item.doc, { noPreview: true })}`] : [];
  });
  return [body, ...refs].join('\n');
}

/**
 * `digest` with `paragraph` at its top: in the first message, under the heading. The message count and the
 * embeds do not change, so the digest's splitting and a resumed send line up with or without a summary.
 */
export function withSummary(digest: Digest, paragraph: string | undefined): Digest {
  const [first, ...rest] = digest.messages;
  if (!paragraph || !first) return digest;
  const content = first.content ? `${first.content}\n${paragraph}` : paragraph;
  return { ...digest, messages: [{ ...first, content }, ...rest] };
}

export interface SummaryLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
}

/**
 * The digest to post: with a checked summary when a model is configured and writes one, otherwise as built.
 * Logs what the model did, so an operator can tell a slow model from one whose sentences fail the check.
 */
export async function addDigestSummary(
  digest: Digest,
  deps: {
    model?: AnswerModel | undefined;
    timeoutMs?: number | undefined;
    logger?: SummaryLogger | undefined;
  },
  log: object = {},
): Promise<Digest> {
  if (!deps.model || digestPassages(digest).length === 0 || digest.messages.length === 0) return digest;
  const summary = await summarizeDigest(digest, deps.model, { timeoutMs: deps.timeoutMs });
  const details = {
    ...log,
    model: deps.model.name,
    result: summary.result,
    dropped: summary.dropped.map((d) => d.reason),
    tokens: summary.usage.total,
    ...(summary.detail ? { detail: summary.detail } : {}),
  };
  if (summary.paragraph) deps.logger?.info(details, 'digest summary written');
  else deps.logger?.warn(details, 'digest posted without a summary');
  return withSummary(digest, summary.paragraph);
}
