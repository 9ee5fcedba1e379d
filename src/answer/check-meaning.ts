import {
  CONDITIONS,
  type Features,
  FUNCTION_WORDS,
  features,
  NEGATIONS,
  OBLIGATION,
  PERMISSION,
  SCOPE_OF,
  type Token,
} from './meaning-features.js';
import { splitSentences } from './split-sentences.js';
import { terms } from './terms.js';

/**
 * Does a sentence say what its cited passage says, not only with its words? Sharing most words with a
 * passage is easy for a sentence that reverses it: "may collect … without a written release" shares every
 * word with "may not collect … without a written release". So the sentence is compared with the passage
 * sentences it was written from, on what reverses meaning:
 * - polarity: a word negated in one and not in the other (not, no, never, without, cannot, n't), "unless"
 *   or "except" dropped or added, prohibit/ban against allow/permit;
 * - modality: the same verb under "must" in one and "may" in the other;
 * - numbers and dates bound to what they count: "$1,000 for negligent" is not "$5,000 for negligent",
 *   "in 2019 the court held" is not "in 2023 the court held";
 * - who: every name in the sentence appears in the passage, and two names keep their order (who sued whom);
 * - scope: an actor or quantifier the passage's sentence does not have ("government" for "private",
 *   "every state" for "Illinois").
 * Rules of thumb, deliberately conservative where a faithful paraphrase would trip them; measured by the
 * perturbation benchmark in `npm run eval` (src/answer/perturbation-benchmark.ts).
 */
export type MeaningProblem = 'negation' | 'modality' | 'number-binding' | 'actor' | 'scope';

/** The passage sentences a claim was most likely written from: the best match, and the next if it adds. */
function align(
  claim: Features,
  passages: readonly string[],
): { union: Features; best: Features; score: number } | undefined {
  const candidates: { f: Features; shared: number; text: string }[] = [];
  for (const passage of passages)
    // Paragraphs, and key-fact lines ("Consent: …"); a single line break inside a paragraph ends nothing.
    for (const line of passage.split(/\n\s*\n|\n(?=[\p{Lu}][\p{L} ]{0,40}: )/u))
      for (const whole of splitSentences(line)) {
        // A key-fact line's field name ("Consent: …") is not part of what it says.
        const sentence = whole.replace(/^[\p{Lu}][\p{L} ]{0,40}: /u, '');
        const f = features(sentence);
        let shared = 0;
        for (const s of claim.stems) if (f.stems.has(s)) shared++;
        if (shared > 0) candidates.push({ f, shared, text: sentence });
      }
  // Cosine over content stems: the sentence itself beats a longer one that merely contains its words.
  const score = (x: { f: Features; shared: number }) =>
    x.shared / Math.sqrt(claim.stems.size * Math.max(1, x.f.stems.size));
  candidates.sort((a, b) => score(b) - score(a));
  const best = candidates[0];
  if (!best || best.shared < Math.min(3, claim.stems.size * 0.4)) return undefined;
  // A claim that joins two sentences ("Who is covered: … purpose. A biometric identifier is …") is
  // compared with both: add the next best while they bring words of the claim the others lack.
  const chosen = [best];
  const covered = new Set([...claim.stems].filter((s) => best.f.stems.has(s)));
  for (const next of candidates.slice(1, 8)) {
    if (chosen.length >= 5) break;
    const adds = [...claim.stems].filter((s) => !covered.has(s) && next.f.stems.has(s));
    if (adds.length < 1) continue;
    for (const s of adds) covered.add(s);
    chosen.push(next);
  }
  return {
    score: score(best),
    best: best.f,
    union: chosen.length === 1 ? best.f : features(chosen.map((c) => c.text).join(' ')),
  };
}

/**
 * The first way `claim` reverses or shifts what `passages` (the texts it cites) say, or undefined when it
 * agrees with them as far as these checks can tell. `names` are words that may name what the passages are
 * about without appearing in them (the entry's title and aliases, its place).
 */
export function meaningProblem(
  claim: string,
  passages: readonly string[],
  names = '',
): MeaningProblem | undefined {
  // The label an answer puts first ("In Illinois (BIPA), …") comes from the entry's name, not its text.
  const unlabelled = claim.replace(LABEL, '');
  const c = features(unlabelled);
  const all = features(`${passages.join(' ')} ${names}`);
  // Who: a capitalised name the passages and titles never mention is someone else.
  const known = new Set(all.tokens.map((t) => t.stem));
  const knownWords = new Set(all.tokens.map((t) => t.word));
  for (const [i, t] of c.tokens.entries()) {
    if (!t.capital || t.number || t.word.length < 2 || FUNCTION_WORDS.has(t.word) || NEGATIONS.has(t.word))
      continue;
    if (i === 0 && (OBLIGATION.has(t.word) || PERMISSION.has(t.word) || CONDITIONS.has(t.word))) continue;
    if (known.has(t.stem) || knownWords.has(t.word)) continue;
    // A name next to a known one may be its fuller form ("the EU Artificial Intelligence Act" for the
    // passage's "EU AI Act"); a name standing alone that the passage never mentions is someone else.
    const isKnownName = (u: Token | undefined) =>
      !!u && u.capital && (known.has(u.stem) || knownWords.has(u.word));
    if (i > 1 && (isKnownName(c.tokens[i - 1]) || isKnownName(c.tokens[i + 1]))) continue;
    if (i > 0 || !isCommonStart(t.word)) return 'actor';
  }
  const aligned = align(c, passages);
  if (!aligned) return undefined;
  const a = aligned.union;

  // As many negations as the sentence it restates ("need not show" = "needs no"): one added or dropped
  // reverses it, wherever it sits.
  if (c.negations !== aligned.best.negations && c.negations !== a.negations) return 'negation';
  if (c.conditions !== a.conditions && !/\b(?:only if|before|without)\b/i.test(claim)) return 'negation';
  // "bans" where the passage says "allows" (or "does not ban"): a sign the passage's sentences never take.
  for (const s of c.deontic) if (a.deontic.length > 0 && !a.deontic.includes(s)) return 'negation';

  // An obligation ("must", "requires") where the sentence restated has none, or none where it has one.
  const obliges = (f: Features) => f.tokens.some((t) => OBLIGATION.has(t.word));
  const permits = (f: Features) =>
    f.tokens.some((t) => PERMISSION.has(t.word) && !t.number) || f.deontic.includes(1);
  if (obliges(aligned.best) !== obliges(c) && (permits(c) || permits(aligned.best))) return 'modality';
  for (const [verb, kinds] of c.modal) {
    const source = a.modal.get(verb);
    if (!source) continue;
    for (const kind of kinds) if (!source.has(kind)) return 'modality';
  }

  // Numbers are judged against the sentence only when it is clearly the one restated.
  for (const [stem, numbers] of aligned.score >= 0.5 ? c.bound : new Map<string, Set<string>>()) {
    const source = a.bound.get(stem);
    if (!source) continue;
    for (const n of numbers)
      if (a.numbers.has(n) && !source.has(n) && onlyOne(source)) return 'number-binding';
    for (const n of numbers)
      if (!a.numbers.has(n) && all.numbers.has(n) && source.size > 0) return 'number-binding';
  }

  // Who: when the claim clearly restates one sentence, a name it brings that the sentences restated lack,
  // while it drops one they have, is one actor put in another's place ("Texas explained its withdrawal"
  // for "EFF explained its withdrawal"), even when the swapped-in name appears elsewhere in the passage.
  if (aligned.score >= 0.5) {
    // Names written capitalised in mid-sentence somewhere: a capital first word counts only if it is one.
    const proper = new Set(
      [...all.tokens, ...c.tokens].filter((t, i) => i > 0 && t.capital).map((t) => t.word),
    );
    const own = new Set(features(names).tokens.map((t) => t.word));
    const claimNames = namesIn(c, proper);
    const added = [...claimNames].filter((n) => !namesIn(a, proper).has(n) && !own.has(n));
    const dropped = [...namesIn(aligned.best, proper)].filter((n) => !claimNames.has(n));
    if (added.length > 0 && dropped.length > 0) return 'actor';
  }

  // Who did what: two names in the claim that the aligned sentence also has keep their order.
  // The label an answer puts first ("In Illinois (BIPA), …") is not part of who did what.
  const body = c;
  const names2 = [
    ...new Map(
      body.tokens
        .filter((t, i) => t.capital && !t.number && i > 0 && !FUNCTION_WORDS.has(t.word))
        .map((t) => [t.stem, t] as const),
    ).values(),
  ];
  const order = (f: Features, stem: string) => f.tokens.findIndex((t) => t.stem === stem && t.capital);
  for (let i = 0; i < names2.length; i++)
    for (let j = i + 1; j < names2.length; j++) {
      const x = order(aligned.best, names2[i]!.stem);
      const y = order(aligned.best, names2[j]!.stem);
      if (x >= 0 && y >= 0 && names2[i]!.stem !== names2[j]!.stem && x > y) return 'actor';
    }

  // Scope is judged against the sentence restated (the whole passage mentions government somewhere).
  const scopeOf = splitSentences(unlabelled).length > 1 ? a : aligned.best;
  for (const t of c.tokens) {
    const scope = SCOPE_OF.get(t.word);
    if (!scope || scopeOf.tokens.some((s) => s.word === t.word)) continue;
    if (!scopeOf.tokens.some((s) => SCOPE_OF.get(s.word) === scope)) return 'scope';
  }
  // "only" dropped widens the rule.
  const only = (f: Features) => f.tokens.some((t) => t.word === 'only' || t.word === 'solely');
  if (only(aligned.best) && !only(c) && !/\b(?:just|exclusively|alone)\b/i.test(claim)) return 'scope';
  return undefined;
}

/** The names a sentence holds: capitalised words that are not there only because they start it. */
function namesIn(f: Features, proper: ReadonlySet<string>): Set<string> {
  const names = new Set<string>();
  f.tokens.forEach((t, i) => {
    if (!t.capital || t.number || t.word.length < 2 || FUNCTION_WORDS.has(t.word) || NEGATIONS.has(t.word))
      return;
    if (
      i === 0 &&
      (!proper.has(t.word) || isCommonStart(t.word) || OBLIGATION.has(t.word) || PERMISSION.has(t.word))
    )
      return;
    names.add(t.word);
  });
  return names;
}

const LABEL = /^In [^,()]+(?:, [^,()]+)? \([^()]*(?:\([^()]*\))?[^()]*\),\s*/;

function onlyOne(set: Set<string>): boolean {
  return set.size === 1;
}

/** Capitalised only because it starts the sentence: an ordinary word, not a name. */
function isCommonStart(word: string): boolean {
  return (
    /^(?:see|note|read|also|however|still|yes|overall|today|here|there|according|as|both|many|most|several|more|less|new|its|their|our|we|you|if|while|when|where|though|although|because|until|once|then|thus|so|even|meanwhile|later|earlier|first|last|next|finally|instead|together)$/.test(
      word,
    ) ||
    FUNCTION_WORDS.has(word) ||
    SCOPE_OF.has(word) ||
    /^(?:in|under|since|before|after|people|anyone|companies|businesses)$/.test(word) ||
    terms(word).length === 0 ||
    /ing$|ed$|s$/.test(word)
  );
}
