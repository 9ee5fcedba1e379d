/**
 * The form names are compared in: accents removed, lowercase, punctuation folded to single spaces.
 * "Rosenbach v. Six Flags", "rosenbach v six flags" and "ROSENBACH V. SIX FLAGS" are all one name.
 */
export function normalizeName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
