import { beforeAll, describe, expect, it } from 'vitest';
import type { Library } from '../../src/kb/library.js';
import { loadLibrary } from '../../src/kb/load-library.js';
import { matchedVariants } from '../../src/search/coverage.js';
import { entryProfiles } from '../../src/search/entry-profile.js';
import { exportSearchIndex, importSearchIndex } from '../../src/search/fts-index.js';
import { buildFtsTables } from '../../src/search/fts-store.js';
import { createSearchIndex, loadSynonyms } from '../../src/search/index.js';
import { entryText } from '../../src/search/ranking.js';
import { Reranker } from '../../src/search/rerank.js';
import { tokenString } from '../../src/search/text.js';
import { WordNumbers } from '../../src/search/word-numbers.js';
import { WordSetsBuilder } from '../../src/search/word-sets.js';

/** Questions with plain words, inflections, synonym phrases and a typo. */
const QUESTIONS = [
  'can police use facial recognition without a warrant',
  'biometric privacy consent employer fingerprints',
  'private right of action damages',
  'clearveiw settlement',
  'what did amazon promise about rekognition moratorium',
];

describe('word sets', () => {
  it('GIVEN sets of numbered words WHEN two sets are asked in turn THEN the marks are their union, repeats and unknown words ignored', () => {
    const numbers = new Map([...'abcdefghij'].map((w, i) => [w, i * 150]));
    const builder = new WordSetsBuilder((w) => numbers.get(w));
    builder.add(['c', 'a', 'c', 'zzz', 'j']);
    builder.add([]);
    builder.add(['b', 'i']);
    const sets = builder.build();
    expect(sets.size).toBe(3);
    const wanted = Int32Array.from(['a', 'b', 'c', 'd', 'j'].map((w) => numbers.get(w) as number));
    const found = new Uint8Array(wanted.length);
    sets.mark(0, wanted, found);
    expect([...found]).toEqual([1, 0, 1, 0, 1]);
    sets.mark(1, wanted, found);
    sets.mark(2, wanted, found);
    expect([...found]).toEqual([1, 1, 1, 0, 1]);
  });
});

describe('the rerank reads word sets, not passages', () => {
  let library: Library;
  beforeAll(async () => {
    library = (await loadLibrary('knowledge', { today: '2026-11-22' })).library;
  });

  it('GIVEN questions with words, inflections, synonym phrases and typos WHEN passages are ranked THEN each hit holds exactly the words its text and entry profile hold', async () => {
    const index = createSearchIndex(library, { synonyms: await loadSynonyms('knowledge/synonyms.yml') });
    const profiles = entryProfiles(library);
    const about = new Map(library.docs.map((d, i) => [d.id, profiles[i]?.about ?? '']));
    let checked = 0;
    let phrases = 0;
    for (const text of QUESTIONS) {
      const result = index.passages({ text, limit: 20, perDoc: 5 });
      for (const hit of result.hits) {
        const words = `${about.get(hit.doc.id)} ${hit.passage.heading} ${hit.passage.text}`;
        expect(hit.matched, `${text}: ${hit.doc.id}#${hit.passage.index}`).toEqual(
          matchedVariants(words, result.concepts ?? []),
        );
        checked++;
        phrases += hit.matched.filter((v) => v.includes(' ')).length;
      }
    }
    expect(checked).toBeGreaterThan(40);
    expect(phrases).toBeGreaterThan(0);
    index.close();
  });
});

describe('judging an entry reads its word sets, not its text', () => {
  it('GIVEN questions with words, inflections, synonym phrases and typos WHEN every entry is judged THEN it holds exactly the variants its whole text does', async () => {
    const library = (await loadLibrary('knowledge', { today: '2026-11-22' })).library;
    const index = createSearchIndex(library, { synonyms: await loadSynonyms('knowledge/synonyms.yml') });
    const profiles = entryProfiles(library);
    const tables = buildFtsTables(library.docs, profiles);
    const reranker = new Reranker({
      ...tables,
      docs: library.docs,
      profiles,
      wordNumber: new Map(tables.words.map((w, i) => [w, i])),
    });
    let held = 0;
    let phrases = 0;
    for (const text of QUESTIONS) {
      const { concepts } = index.search({ text });
      library.docs.forEach((doc, d) => {
        const variants = reranker.entryVariants(d, concepts);
        expect(variants, `${text}: ${doc.id}`).toEqual(
          matchedVariants(entryText(doc, profiles[d], false), concepts),
        );
        held += variants.length;
        phrases += variants.filter((v) => v.includes(' ')).length;
      });
    }
    expect(held).toBeGreaterThan(300);
    expect(phrases).toBeGreaterThan(0);
    tables.db.close();
    index.close();
  });
});

describe('common words ranked when the index is built', () => {
  it('GIVEN every word ranked alone at build time WHEN single words, misspelt words and longer questions are searched, on the index built and on its image opened again THEN the answers are exactly those of ranking at query time', async () => {
    const library = (await loadLibrary('knowledge', { today: '2026-11-22' })).library;
    const synonyms = await loadSynonyms('knowledge/synonyms.yml');
    const atQuery = createSearchIndex(library, { synonyms });
    const atBuild = createSearchIndex(library, { synonyms, commonPostings: 1 });
    const answers = (index: typeof atQuery) =>
      ['privacy', 'police', 'consent', 'biometric', 'retention schedule', 'ban', 'privasy', 'polise'].map(
        (text) => ({
          search: index.search({ text, limit: 20 }).hits.map((h) => [h.doc.id, h.score, h.snippet]),
          passages: index.passages({ text, limit: 10 }).hits.map((h) => [h.doc.id, h.passage.index, h.score]),
          page: index.search({ text, limit: 5, offset: 5 }).hits.map((h) => h.doc.id),
          law: index.search({ text, filters: { type: 'law' } }).hits.map((h) => h.doc.id),
        }),
      );
    const expected = answers(atQuery);
    expect(answers(atBuild)).toEqual(expected);
    const reopened = importSearchIndex(library, exportSearchIndex(atBuild), { synonyms });
    expect(answers(reopened)).toEqual(expected);
    expect(expected.flatMap((a) => a.search).length).toBeGreaterThan(50);
    atQuery.close();
    atBuild.close();
    reopened.close();
  });
});

describe('word numbers', () => {
  it('GIVEN texts with capitals, accents, digits and punctuation WHEN their words are numbered THEN each token gets the number of its first appearance, as tokenString cuts them', () => {
    const texts = [
      'Biometric privacy: the BIPA (740 ILCS 14) requires consent.',
      'Privacy—consent; biometric biometric 740!',
      'Café résumé naïve CAFE cafe café Résumé Straße straße Ørsted ørsted',
      '',
      'x-ray X_RAY',
    ];
    const numbers = new WordNumbers();
    const seen: string[] = [];
    for (const text of texts) {
      const tokens = tokenString(text).split(' ').filter(Boolean);
      for (const t of tokens) if (!seen.includes(t)) seen.push(t);
      expect([...numbers.numbersOf(text)], text).toEqual(tokens.map((t) => seen.indexOf(t)));
    }
    expect(numbers.words).toEqual(seen);
  });
});
