import type { Library } from './library.js';
import { organizationsOf } from './library.js';
import { normalizeName } from './normalize.js';
import type { Doc, Statement } from './schema.js';
import { companyLetters } from './statement-history.js';

/**
 * What became of a company's pledges, from what the knowledge base records and nothing else.
 *
 * A pledge is a statement of the company that promises something (it has `commitments`). A later entry
 * changes it when all three hold: it is the company's own (its statement, or an entry naming the company
 * as author, party or participant), it is linked to the pledge by `related` (either direction), and a
 * curator tagged what it did:
 *
 *   tag `extension`     → the pledge was extended on that entry's date (the bar goes on)
 *   tag `pledge-ended`  → the pledge ended on that date (the company said so, or it lapsed)
 *   tag `reversal`      → the company went back on it on that date
 *
 * Entries that extend a pledge join it (a change to the same promise, not a new bar), and later changes
 * linked to any of them count for the whole chain. Nothing is inferred from wording or from a promise's
 * stated length: a pledge with no ended or reversed entry stays open ("no end recorded").
 */

export type PledgeChangeKind = 'extended' | 'ended' | 'reversed';

export const CHANGE_TAGS: Record<string, PledgeChangeKind> = {
  extension: 'extended',
  'pledge-ended': 'ended',
  reversal: 'reversed',
};

export interface PledgeChange {
  kind: PledgeChangeKind;
  date: string;
  doc: Doc;
}

export interface Pledge {
  statement: Doc & Statement;
  /** In date order; an extension, then possibly an end. */
  changes: PledgeChange[];
  /** When the pledge stopped holding, if the base records it; absent: open, "no end recorded". */
  end?: PledgeChange;
}

export interface PledgeHistory {
  /** The company as its statements name it. */
  company: string;
  pledges: Pledge[];
  /** The company's statements that promise nothing and change no pledge (shown as points). */
  otherStatements: (Doc & Statement)[];
  /** The letters /statement lists for the company, oldest first. */
  letters: Doc[];
}

export function pledgeHistory(library: Library, company: string): PledgeHistory | undefined {
  const statements = library.statementsOf(company) as (Doc & Statement)[];
  const first = statements[0];
  if (!first) return undefined;
  const name = first.organization;
  const key = normalizeName(name);
  const own = (d: Doc) => organizationsOf(d).some((o) => normalizeName(o) === key);
  const linked = (a: Doc, b: Doc) => a.related.includes(b.id) || b.related.includes(a.id);
  const kindOf = (d: Doc) => d.tags.map((t) => CHANGE_TAGS[t]).find((k) => k !== undefined);

  // Candidate changes: the company's own tagged entries of any type, oldest first.
  const changers = library.docs.filter((d) => own(d) && kindOf(d) !== undefined);
  const absorbed = new Set<Doc>();
  const pledges: Pledge[] = [];
  for (const statement of statements) {
    if (absorbed.has(statement) || statement.commitments.length === 0) continue;
    const chain: Doc[] = [statement];
    const changes: PledgeChange[] = [];
    let end: PledgeChange | undefined;
    for (const d of changers) {
      if (d === statement || d.date < statement.date || !chain.some((c) => linked(c, d))) continue;
      const kind = kindOf(d) as PledgeChangeKind;
      const change = { kind, date: d.date, doc: d };
      changes.push(change);
      absorbed.add(d);
      if (kind === 'extended') chain.push(d);
      else if (!end) end = change;
    }
    pledges.push(end ? { statement, changes, end } : { statement, changes });
  }
  return {
    company: name,
    pledges,
    otherStatements: statements.filter((s) => !absorbed.has(s) && s.commitments.length === 0),
    letters: companyLetters(library, name, statements),
  };
}
