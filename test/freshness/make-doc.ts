import { type Doc, FrontMatter } from '../../src/kb/schema.js';

const BASE = {
  summary: 'A summary.',
  sources: [{ url: 'https://example.org/source', title: 'Source' }],
  added: '2026-11-22',
};

const LAW = {
  ...BASE,
  type: 'law',
  jurisdiction: 'US-TX',
  status: 'in-force',
  status_as_of: '2025-05-31',
};

/** A validated entry for rule tests: a law unless `type` says otherwise. */
export function makeDoc(fields: Record<string, unknown>): Doc {
  const type = (fields.type as string | undefined) ?? 'law';
  const defaults =
    type === 'law' || type === 'bill'
      ? LAW
      : type === 'statement'
        ? { ...BASE, organization: 'Example Corp' }
        : type === 'letter'
          ? { ...BASE, authors: ['A'], recipients: ['B'] }
          : BASE;
  const id = (fields.id as string | undefined) ?? 'entry';
  const data = FrontMatter.parse({ id, title: id, date: '2020-01-01', ...defaults, ...fields });
  return { ...data, path: `knowledge/${type}s/${id}.md`, body: '' } as Doc;
}
