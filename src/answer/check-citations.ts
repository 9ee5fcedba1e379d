import type { ModelSentence } from '../llm/types.js';
import { type MeaningProblem, meaningProblem } from './check-meaning.js';
import { terms } from './terms.js';

/** The passages the sentences were written from, by the number they were given under. */
export interface CheckablePassage {
  n: number;
  text: string;
  /** The entry's title and aliases: a sentence may name the law its passage is from. */
  title?: string | undefined;
}

export type DropReason =
  | 'no-citation'
  | 'unknown-passage'
  | 'misquote'
  | 'foreign-link'
  | 'unsupported-number'
  | 'unsupported'
  | MeaningProblem
  | 'empty';

/**
 * Below this share of a sentence's content words found in the passages it cites (and their titles), the
 * sentence says something they do not: a claim dressed up with a real citation.
 */
export const MIN_SUPPORT = 0.5;

export interface CitationCheck {
  /** Sentences that passed, mentions removed, citations deduplicated. */
  kept: ModelSentence[];
  dropped: { sentence: ModelSentence; reason: DropReason }[];
}

/**
 * The gate between a model (or a passage) and a member. A sentence survives only if:
 * - it cites at least one passage and every passage it cites was actually given;
 * - every quotation in it appears verbatim in one of the passages it cites (straight and curly quotes,
 *   dashes, spacing and case are folded; "…" splits a quotation into parts that must each appear);
 * - every link in it is one of the knowledge base's own source URLs (`allowedUrls`);
 * - it is supported by what it cites: every number in it (amounts, years, counts) appears in a cited
 *   passage, and at least half its content words (stemmed) appear in the cited passages or their titles;
 * - it says what the passage says, not the opposite with the same words (src/answer/check-meaning.ts):
 *   negation and prohibit/allow kept, may/must kept, numbers and dates bound to the same things, names
 *   the passage has in the same roles, no wider or other scope. Measured by the perturbation benchmark
 *   in `npm run eval`; rules of thumb, not understanding.
 * Mentions (@everyone, @here, <@user>, <@&role>, <#channel>) are removed from what survives, so nothing
 * a member reads can ping anyone even if the reply layer were bypassed.
 */
export function checkCitations(
  sentences: readonly ModelSentence[],
  passages: readonly CheckablePassage[],
  allowedUrls: ReadonlySet<string>,
  /** `meaning: false` skips the meaning checks (src/answer/check-meaning.ts), to measure what they add. */
  options: { meaning?: boolean } = {},
): CitationCheck {
  const byN = new Map(
    passages.map((p) => [
      p.n,
      {
        raw: p.text,
        title: p.title ?? '',
        text: fold(p.text),
        numbers: numbersIn(p.text),
        titleNumbers: numbersIn(p.title ?? ''),
        words: new Set(terms(`${p.title ?? ''} ${p.text}`)),
      },
    ]),
  );
  const allowed = new Set([...allowedUrls].map(normalizeUrl));
  const kept: ModelSentence[] = [];
  const dropped: CitationCheck['dropped'] = [];
  for (const sentence of sentences) {
    const reason = problemWith(sentence, byN, allowed, options.meaning ?? true);
    if (reason) dropped.push({ sentence, reason });
    else
      kept.push({
        text: stripMentions(sentence.text).replace(/\s+/g, ' ').trim(),
        citations: [...new Set(sentence.citations)],
      });
  }
  return { kept, dropped };
}

interface Indexed {
  raw: string;
  title: string;
  text: string;
  numbers: Set<string>;
  titleNumbers: Set<string>;
  words: Set<string>;
}

function problemWith(
  sentence: ModelSentence,
  passages: Map<number, Indexed>,
  allowed: Set<string>,
  meaning: boolean,
): DropReason | undefined {
  if (!/[\p{L}\p{N}]/u.test(stripMentions(sentence.text))) return 'empty';
  if (sentence.citations.length === 0) return 'no-citation';
  if (sentence.citations.some((n) => !passages.has(n))) return 'unknown-passage';
  for (const url of findLinks(sentence.text)) if (!allowed.has(normalizeUrl(url))) return 'foreign-link';
  const sources = sentence.citations.map((n) => passages.get(n)).filter((p): p is Indexed => p !== undefined);
  const cited = sources.map((p) => p.text);
  for (const quote of findQuotations(sentence.text)) {
    const parts = fold(quote)
      .split(/\s*(?:\.\.\.|…)\s*/)
      .map((p) => p.replace(/^[\s\p{P}]+|[\s\p{P}]+$/gu, ''))
      .filter((p) => p.length > 0);
    if (!cited.some((text) => parts.every((p) => text.includes(p)))) return 'misquote';
  }
  const claim = stripMentions(sentence.text).replace(/\b(?:https?:\/\/|www\.)\S+/gi, ' ');
  // A number may also come from the entry's name ("Virginia HB 2031", "the 2019 letters").
  for (const number of numbersIn(claim))
    if (!sources.some((p) => p.numbers.has(number) || p.titleNumbers.has(number)))
      return 'unsupported-number';
  const words = [...new Set(terms(claim))].filter((w) => !/^\d+$/.test(w));
  // Too few content words to judge ("See the statute.") : nothing to support.
  if (words.length >= 3) {
    const found = words.filter((w) => sources.some((p) => p.words.has(w))).length;
    if (found / words.length < MIN_SUPPORT) return 'unsupported';
  }
  if (!meaning) return undefined;
  return meaningProblem(
    claim
      .replace(/@?\b(?:everyone|here)\b/gi, (m) => (m.startsWith('@') ? '' : m))
      .replace(/^\s*(?:everyone|here)\b\s*/i, sentence.text.trimStart().startsWith('@') ? '' : '$&'),
    sources.map((p) => p.raw),
    sources.map((p) => p.title).join(' '),
  );
}

/** Numbers as written, separators removed: "$1,000" → "1000", "2019" → "2019", "1.4" → "1.4". */
function numbersIn(text: string): Set<string> {
  return new Set(
    [...text.matchAll(/\d[\d,]*(?:\.\d+)?/g)].map((m) => m[0].replace(/,/g, '').replace(/\.$/, '')),
  );
}

/** Double-quoted spans, straight or curly (single quotes are too often apostrophes to judge). */
export function findQuotations(text: string): string[] {
  return [...text.matchAll(/["“”„]([^"“”„]{2,})["“”„]/g)].map((m) => m[1] ?? '');
}

/** Anything a Discord client would turn into a link: URLs, www. addresses, Markdown and invite links. */
export function findLinks(text: string): string[] {
  const links = new Set<string>();
  for (const m of text.matchAll(/\]\(\s*<?([^)\s>]+)>?\s*\)/g)) links.add(m[1] ?? '');
  for (const m of text.matchAll(/\b(?:https?:\/\/|www\.)[^\s<>()"“”]+/gi)) links.add(m[0]);
  for (const m of text.matchAll(/\b(?:discord\.gg|discord\.com\/invite)\/[\w-]+/gi)) links.add(m[0]);
  return [...links].map((l) => l.replace(/[.,;:!?'’]+$/, ''));
}

/** Removes Discord mentions; `@everyone` becomes "everyone" so the sentence still reads. */
export function stripMentions(text: string): string {
  return text.replace(/<@[!&]?\d+>|<#\d+>|<\/[\w -]+:\d+>/g, '').replace(/@(everyone|here)\b/gi, '$1');
}

function normalizeUrl(url: string): string {
  const bare = url.replace(/^https?:\/\//i, '').replace(/^www\./i, '');
  return bare.replace(/\/+$/, '').toLowerCase();
}

/** The form quotations are compared in: typographic quotes and dashes folded, spaces collapsed, lowercase. */
function fold(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[‘’‚‛′]/g, "'")
    .replace(/[“”„‟″]/g, '"')
    .replace(/[‐‑‒–—―]/g, '-')
    .replace(/\*\*|__/g, '')
    .replace(/\s+/g, ' ')
    .toLowerCase();
}
