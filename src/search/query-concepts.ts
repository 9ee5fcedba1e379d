import { amendmentAt } from './question-amendment.js';
import type { Synonyms } from './synonyms.js';
import { STOP_WORDS, tokenize } from './text.js';
import type { QueryConcept } from './types.js';
import type { Vocabulary } from './vocabulary.js';
import { sameSense } from './word-senses.js';

/** Words of a question read at most: a pasted paragraph is not a question. */
const MAX_TOKENS = 40;

/**
 * Turns what the member typed into concepts: synonym phrases first, then single words; stop words
 * dropped. Each concept is searched as the indexed words that share its stem, its synonyms' words, or,
 * when nothing is indexed, the indexed words a typo away.
 */
export function queryConcepts(
  text: string,
  vocabulary: Vocabulary,
  synonyms: Synonyms,
  options: { context?: boolean } = {},
): QueryConcept[] {
  const tokens = tokenize(withoutWebSuffix(text)).slice(0, MAX_TOKENS);
  const concepts: QueryConcept[] = [];
  const seen = new Set<string>();
  const add = (phrase: string, members: string[]) => {
    if (seen.has(phrase)) return;
    seen.add(phrase);
    const concept = conceptOf(phrase, members, vocabulary);
    concepts.push(options.context ? { ...concept, context: true } : concept);
  };
  for (let i = 0; i < tokens.length;) {
    // "the 4th (or other) amendments": the Constitution's, one concept (see question-amendment.ts).
    const amendment = amendmentAt(tokens, i);
    if (amendment) {
      add(`${amendment.ordinal} amendment`, [`${amendment.ordinal} amendment`, `${tokens[i]} amendment`]);
      i += amendment.span;
      continue;
    }
    let taken = 0;
    const first = synonyms.startsPhrase(tokens[i] as string);
    for (let n = first ? Math.min(synonyms.maxTokens, tokens.length - i) : 0; n >= 2; n--) {
      const phrase = tokens.slice(i, i + n).join(' ');
      const group = synonyms.lookup(phrase);
      if (group) {
        add(phrase, group);
        taken = n;
        break;
      }
    }
    if (taken > 0) {
      i += taken;
      continue;
    }
    // Two words the entries write as one ("mug shot" → mugshot, "data base" → database, "time clock").
    const joined = joinedWord(tokens[i] as string, tokens[i + 1], vocabulary);
    if (joined) {
      add(joined, synonyms.lookup(joined) ?? [joined]);
      i += 2;
      continue;
    }
    const word = tokens[i++] as string;
    if (STOP_WORDS.has(word) || (word.length < 2 && !/\d/.test(word))) continue;
    if (DISCOURSE.has(word) || DISCOURSE.has(`${tokens[i - 2]} ${word}`)) continue;
    add(word, synonyms.lookup(word) ?? [word]);
  }
  return concepts;
}

/**
 * Words that steer the sentence, not its topic ("in particular customers' pictures", "for example a
 * store"): a passage that happens to say "particular" is no better an answer.
 */
const DISCOURSE = new Set([
  'in particular',
  'particularly',
  'especially',
  'specifically',
  'for example',
  'for instance',
  'in general',
  'in fact',
]);

/**
 * A company written as its web address ("Clearview.ai", "Amazon.com") is the company: the suffix is not
 * a word of the question ("ai" would search for the AI Act).
 */
export function withoutWebSuffix(text: string): string {
  if (!text.includes('.')) return text;
  return text.replace(/\b([\p{L}\p{N}-]+)\.(?:ai|com|io|org|net|co|app|gov)\b(?![.-]?\p{L})/giu, '$1');
}

/**
 * The question's own concepts, then those of its context (a thread's title) that the question does not
 * already have: "How's that going to be enforced?" under "Portland bans face recognition in stores".
 */
export function withContext(question: QueryConcept[], context: QueryConcept[]): QueryConcept[] {
  const own = new Set(question.flatMap((c) => [c.text, ...c.variants]));
  return [...question, ...context.filter((c) => !own.has(c.text) && !c.variants.some((v) => own.has(v)))];
}

/** `a` and `b` written as one indexed word, when both are content words and the joined form is indexed. */
function joinedWord(a: string, b: string | undefined, vocabulary: Vocabulary): string | undefined {
  if (b === undefined || STOP_WORDS.has(a) || STOP_WORDS.has(b) || /\d/.test(a + b)) return undefined;
  const joined = a + b;
  return vocabulary.has(joined) ? joined : undefined;
}

function conceptOf(text: string, members: string[], vocabulary: Vocabulary): QueryConcept {
  const variants = new Set<string>();
  for (const member of members) {
    if (member.includes(' ')) {
      // A phrase: matched as written (every word must be indexed for it to match at all).
      if (member.split(' ').every((w) => vocabulary.has(w))) variants.add(member);
      continue;
    }
    // Same stem, other sense ("customers", "customs"): not the same word (see word-senses.ts).
    for (const w of vocabulary.inflections(member)) if (sameSense(member, w)) variants.add(w);
  }
  const corrected = variants.size === 0 && !text.includes(' ');
  if (corrected) for (const w of vocabulary.correct(text)) variants.add(w);
  const concept = { text, variants: [...variants].sort(), known: variants.size > 0 };
  return corrected && concept.known ? { ...concept, corrected: true } : concept;
}
