import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Knowledge, loadKnowledge } from '../../src/knowledge.js';
import { snippet } from '../../src/search/fts-index.js';

let kb: Knowledge;
beforeAll(async () => {
  kb = await loadKnowledge('test/fixtures/knowledge', { today: '2026-11-22' });
});
afterAll(() => kb.search.close());

const top = (text: string, filters = {}) => kb.search.search({ text, filters }).hits.map((h) => h.doc.id);

describe('search', () => {
  it('GIVEN questions in a member own words WHEN searched THEN the right document comes first', () => {
    expect(top('can a store in chicago scan my face without asking')[0]).toBe('illinois-bipa');
    expect(top('did amazon stop selling face recognition to cops')[0]).toBe(
      'amazon-rekognition-moratorium-2020',
    );
    expect(top('which groups wrote to google and microsoft')[0]).toBe('coalition-letters-2019');
    expect(top('privacy advocates quit commerce department talks')[0]).toBe('ntia-walkout-2015');
    expect(top('members of congress wrongly matched to mugshots')[0]).toBe(
      'aclu-rekognition-congress-test-2018',
    );
  });

  it('GIVEN synonyms WHEN a member uses another word for the concept THEN the synonym table finds it', () => {
    const result = kb.search.search({ text: 'FRT law enforcement pause' });
    expect(result.hits[0]?.doc.id).toBe('amazon-rekognition-moratorium-2020');
    const frt = result.concepts.find((c) => c.text === 'frt');
    expect(frt?.variants).toEqual(expect.arrayContaining(['face recognition', 'facial recognition']));
    const police = result.concepts.find((c) => c.text === 'law enforcement');
    expect(police?.variants).toContain('police');
  });

  it('GIVEN misspelt words WHEN searched THEN typo correction still finds the document', () => {
    expect(top('illinios biometirc privacy')[0]).toBe('illinois-bipa');
    expect(top('rekognitoin moratorum')[0]).toBe('amazon-rekognition-moratorium-2020');
    const concept = kb.search.search({ text: 'rekognitoin' }).concepts[0];
    expect(concept?.variants).toContain('rekognition');
  });

  it('GIVEN inflected words WHEN searched THEN stems match (scanning finds scans, matching finds matches)', () => {
    const result = kb.search.search({ text: 'scanning thumbprints' });
    expect(result.concepts[0]?.variants).toContain('scans');
    expect(result.hits.map((h) => h.doc.id)).toContain('rosenbach-v-six-flags');
    expect(top('falsely matching lawmakers mugshot')[0]).toBe('aclu-rekognition-congress-test-2018');
  });

  it('GIVEN filters WHEN searched THEN only matching types, jurisdictions, organisations and dates are returned', () => {
    expect(top('face recognition', { type: 'bill' })).toEqual(['facial-recognition-moratorium-act']);
    expect(top('biometric', { jurisdiction: 'US-IL' })).toEqual(['illinois-bipa']);
    expect(top('face', { organization: 'amazon' }).sort()).toEqual([
      'amazon-rekognition-moratorium-2020',
      'coalition-letters-2019',
    ]);
    expect(top('face recognition', { from: '2019-01-01', to: '2019-12-31' })).toEqual([
      'coalition-letters-2019',
    ]);
    expect(top('face recognition', { type: 'law', jurisdiction: 'EU' })).toEqual([]);
  });

  it('GIVEN a query WHEN results come back THEN they are grouped per document, pageable and deterministic', () => {
    const all = kb.search.search({ text: 'face recognition police', limit: 10 });
    const ids = all.hits.map((h) => h.doc.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(all.total).toBe(ids.length);
    const page2 = kb.search.search({ text: 'face recognition police', limit: 2, offset: 2 });
    expect(page2.hits.map((h) => h.doc.id)).toEqual(ids.slice(2, 4));
    expect(kb.search.search({ text: 'face recognition police' }).hits.map((h) => h.doc.id)).toEqual(ids);
  });

  it('GIVEN a hit WHEN its snippet is shown THEN matched words are marked in the original text', () => {
    const hit = kb.search.search({ text: 'signed written release illinois' }).hits[0];
    expect(hit?.doc.id).toBe('illinois-bipa');
    expect(hit?.snippet).toContain('get a **signed written release** before it');
    expect(hit?.best.matched).toEqual(expect.arrayContaining(['signed', 'written release', 'illinois']));
  });

  it('GIVEN a long passage WHEN a snippet is cut THEN it keeps the stretch with the most matches and marks elisions', () => {
    const text = `${'filler '.repeat(40)}the consent rule applies to face scans ${'more '.repeat(40)}`;
    const s = snippet(text, [{ text: 'consent', variants: ['consent'], known: true }], 10);
    expect(s.startsWith('… ')).toBe(true);
    expect(s.endsWith(' …')).toBe(true);
    expect(s).toContain('**consent**');
  });

  it('GIVEN matches spread through a passage WHEN a snippet is cut THEN it takes the earliest stretch holding the most concepts', () => {
    const consent = { text: 'consent', variants: ['consent'], known: true };
    const face = { text: 'face', variants: ['face scan'], known: true };
    const tie = snippet(`consent ${'x '.repeat(20)}consent ${'y '.repeat(20)}`, [consent], 5);
    expect(tie).toBe('**consent** x x x x …');
    const both = snippet(
      `consent ${'x '.repeat(20)}face scan consent ${'y '.repeat(20)}`,
      [consent, face],
      5,
    );
    expect(both).toBe('… x x **face scan consent** …');
  });

  it('GIVEN a question the knowledge base does not cover WHEN searched THEN it says nothing relevant', () => {
    for (const q of ['banana bread recipe', 'what is the weather in paris tomorrow', 'the and of']) {
      const r = kb.search.search({ text: q });
      expect(r.confident, q).toBe(false);
    }
    expect(kb.search.search({ text: 'the and of' }).hits).toEqual([]);
    const covered = kb.search.search({ text: 'illinois biometric privacy law' });
    expect(covered.confident).toBe(true);
    expect(covered.confidence).toBeGreaterThan(0.8);
  });

  it('GIVEN /ask retrieval WHEN passages are requested THEN no document contributes more than perDoc passages', () => {
    const { hits } = kb.search.passages({
      text: 'illinois biometric written release lawsuits',
      perDoc: 1,
      limit: 5,
    });
    const perDoc = new Map<string, number>();
    for (const h of hits) perDoc.set(h.doc.id, (perDoc.get(h.doc.id) ?? 0) + 1);
    expect(Math.max(...perDoc.values())).toBe(1);
    expect(hits[0]?.doc.id).toBe('illinois-bipa');
  });
});
