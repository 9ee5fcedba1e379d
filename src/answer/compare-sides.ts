import type { NumberedPassage } from './retrieve-passages.js';

/**
 * The two entries a comparison sets side by side, in the order the question names them: the entry whose
 * names (title, aliases) cover most of the question, then the one whose names cover most of what the first
 * leaves out ("Texas' biometric law or Illinois' BIPA" → Illinois' BIPA, then the Texas law), preferring an
 * entry of the same kind (a law with a law). Empty when the question names only one side.
 */
export function compareSides(
  question: string,
  passages: readonly NumberedPassage[],
  titleTerms: ReadonlyMap<number, Set<string>>,
  entryShare: ReadonlyMap<string, number>,
  share: (found: Set<string>) => number,
): string[] {
  const names = new Map<string, { terms: Set<string>; type: string; rank: number }>();
  for (const p of passages) {
    const entry = names.get(p.doc.id) ?? { terms: new Set<string>(), type: p.doc.type, rank: names.size };
    for (const t of titleTerms.get(p.n) ?? []) entry.terms.add(t);
    names.set(p.doc.id, entry);
  }
  const score = (id: string, terms: Set<string>) => share(terms) + 0.01 * (entryShare.get(id) ?? 0);
  const byNames = [...names].sort(
    ([a, x], [b, y]) => score(b, y.terms) - score(a, x.terms) || x.rank - y.rank,
  );
  const [firstId, first] = byNames[0] ?? [];
  if (!firstId || !first || share(first.terms) === 0) return [];
  let second: { id: string; score: number } | undefined;
  for (const [id, entry] of byNames.slice(1)) {
    const rest = new Set([...entry.terms].filter((t) => !first.terms.has(t)));
    if (rest.size === 0) continue;
    const s = score(id, rest) + (entry.type === first.type ? 0.1 : 0);
    if (!second || s > second.score) second = { id, score: s };
  }
  if (!second) return [];
  // In the question's order: the side whose own names come first in the question is said first.
  const q = question.toLowerCase();
  const at = (id: string) => {
    const own = [...(names.get(id)?.terms ?? [])].filter((t) => id === firstId || !first.terms.has(t));
    const found = own.map((t) => q.indexOf(t.toLowerCase())).filter((i) => i >= 0);
    return found.length > 0 ? Math.min(...found) : Infinity;
  };
  return at(second.id) < at(firstId) ? [second.id, firstId] : [firstId, second.id];
}
