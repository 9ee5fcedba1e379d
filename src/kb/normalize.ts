/** Names normalised so far: the knowledge base's names recur on every lookup and autocomplete keystroke. */
const normalized = new Map<string, string>();
/** Bound on remembered names, so text members type cannot grow it without limit. */
const MAX_REMEMBERED = 20_000;

/**
 * The form names are compared in: accents removed, lowercase, punctuation folded to single spaces.
 * "Rosenbach v. Six Flags", "rosenbach v six flags" and "ROSENBACH V. SIX FLAGS" are all one name.
 */
export function normalizeName(name: string): string {
  const known = normalized.get(name);
  if (known !== undefined) return known;
  const result = foldWords(name);
  if (normalized.size >= MAX_REMEMBERED) normalized.clear();
  normalized.set(name, result);
  return result;
}

/** normalizeName's form for any text (a passage, a question), without remembering it. */
export function foldWords(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
