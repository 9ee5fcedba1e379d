/**
 * "The 4th amendment", "First Amendment rights", "the 4th (or other) amendments": an ordinal before
 * "amendment" names an amendment to the U.S. Constitution, not a law's amendment (BIPA's 2024 amendment).
 * Read word by word, "amendments" finds the base's law amendments and the question is answered from them;
 * read as the constitutional amendment, it is something the base may simply not hold.
 */

// A Map, not an object literal: a plain object would answer "constructor" with Object's constructor.
const ORDINALS = new Map<string, string>(
  Object.entries({
    '1st': 'first',
    '2nd': 'second',
    '3rd': 'third',
    '4th': 'fourth',
    '5th': 'fifth',
    '6th': 'sixth',
    '8th': 'eighth',
    '10th': 'tenth',
    '13th': 'thirteenth',
    '14th': 'fourteenth',
    '15th': 'fifteenth',
    '19th': 'nineteenth',
  }),
);
const WORDS = new Set(ORDINALS.values());

/** Words that may stand between the ordinal and "amendment": "the 4th (or other) amendments". */
const BETWEEN = new Set(['or', 'and', 'other', 'any']);

/** The ordinal as a word ("4th" → "fourth"), or undefined when the token is not one. */
export function ordinalWord(token: string): string | undefined {
  const t = token.toLowerCase();
  return ORDINALS.get(t) ?? (WORDS.has(t) ? t : undefined);
}

/**
 * At `tokens[i]` (folded), a constitutional amendment: its ordinal as a word and how many tokens it
 * spans ("4th or other amendments" → fourth, 4); undefined when there is none.
 */
export function amendmentAt(
  tokens: readonly string[],
  i: number,
): { ordinal: string; span: number } | undefined {
  const ordinal = ordinalWord(tokens[i] ?? '');
  if (!ordinal) return undefined;
  for (let j = i + 1; j < tokens.length && j <= i + 4; j++) {
    const t = tokens[j] as string;
    if (t === 'amendment' || t === 'amendments') return { ordinal, span: j - i + 1 };
    if (!BETWEEN.has(t)) return undefined;
  }
  return undefined;
}

/** The constitutional amendments a text names, as names ("Fourth Amendment"). */
export function amendmentsIn(text: string): string[] {
  const tokens = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const found = new Set<string>();
  tokens.forEach((_, i) => {
    const a = amendmentAt(tokens, i);
    if (a) found.add(`${a.ordinal[0]?.toUpperCase()}${a.ordinal.slice(1)} Amendment`);
  });
  return [...found];
}
