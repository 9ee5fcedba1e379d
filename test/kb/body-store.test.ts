import { describe, expect, it } from 'vitest';
import { storeBodies } from '../../src/kb/body-store.js';
import { buildLibrary, loadLibrary } from '../../src/kb/load-library.js';
import { readEntryFiles } from '../../src/kb/read-entry-files.js';
import type { Doc } from '../../src/kb/schema.js';

const TODAY = { today: '2026-11-22' };

function entry(id: string, body: string): { path: string; text: string } {
  return {
    path: `knowledge/reports/${id}.md`,
    text: [
      '---',
      `id: ${id}`,
      'type: report',
      `title: Report ${id}`,
      'date: 2024-01-01',
      'summary: A report.',
      'sources:',
      '  - url: https://example.org/r',
      '    title: The report',
      'added: 2024-02-01',
      '---',
      body,
    ].join('\n'),
  };
}

describe('entries keep their bodies out of memory', () => {
  it('GIVEN bodies in any script, empty, or longer than one buffer WHEN loaded THEN each entry reads back its own body exactly', () => {
    const bodies = {
      plain: 'The report found a 35% error rate.\n\n## Method\n\nEvery camera was tested.',
      quotes: '“Curly quotes” — dashes, accents (café, Zürich), 漢字 and an emoji 📷.',
      empty: '',
      long: `${'A long paragraph of words. '.repeat(20_000)}end`,
      after: 'The entry after the long one.',
    };
    const { library, problems } = buildLibrary(
      Object.entries(bodies).map(([id, body]) => entry(id, body)),
      TODAY,
    );
    expect(problems).toEqual([]);
    for (const [id, body] of Object.entries(bodies)) expect(library.get(id)?.body, id).toBe(body);
  });

  it('GIVEN no temporary folder to write to WHEN loaded THEN the bodies are kept in memory and read back exactly', () => {
    const before = process.env.TMPDIR;
    process.env.TMPDIR = '/nonexistent/dossier-test';
    try {
      const bodies = { a: 'First — “quoted”.', big: 'x'.repeat(600_000), c: 'After the big one.', d: '' };
      const { library } = buildLibrary(
        Object.entries(bodies).map(([id, body]) => entry(id, body)),
        TODAY,
      );
      for (const [id, body] of Object.entries(bodies)) expect(library.get(id)?.body, id).toBe(body);
    } finally {
      if (before === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = before;
    }
  });

  it('GIVEN two bases WHEN summaries and bodies are read in any order, across both THEN each reads its own text', () => {
    const bodies = {
      one: 'First body — “quoted”, café.',
      // Longer than the store's buffer: what comes before it is read back from the store's file.
      long: `${'A long paragraph of words. '.repeat(20_000)}end`,
      three: 'Third body, after the long one.',
    };
    const load = (tag: string) =>
      buildLibrary(
        Object.entries(bodies).map(([id, body]) => entry(id, `${tag}: ${body}`)),
        TODAY,
      ).library;
    const a = load('a');
    const b = load('b');
    for (const id of ['one', 'long', 'three', 'one']) {
      for (const [tag, library] of [
        ['a', a],
        ['b', b],
      ] as const) {
        const doc = library.get(id) as Doc;
        expect(doc.summary).toBe('A report.');
        expect(doc.body).toBe(`${tag}: ${bodies[id as keyof typeof bodies]}`);
      }
      expect((a.get(id) as Doc).body).toBe(`a: ${bodies[id as keyof typeof bodies]}`);
    }
  });

  it('GIVEN a loaded entry WHEN copied, serialised or sent to another thread THEN its body goes with it', () => {
    const { library } = buildLibrary([entry('r', 'Body text.')], TODAY);
    const doc = library.get('r') as Doc;
    expect(Object.keys(doc)).toContain('body');
    expect({ ...doc }.body).toBe('Body text.');
    expect(JSON.parse(JSON.stringify(doc)).body).toBe('Body text.');
    expect(structuredClone(doc).body).toBe('Body text.');
    const { body, ...front } = doc;
    expect(body).toBe('Body text.');
    expect(front).not.toHaveProperty('body');
  });

  it('GIVEN entries as plain data (a reload worker sends them) WHEN stored THEN they read the same and the originals are untouched', () => {
    const { library } = buildLibrary([entry('a', 'First.'), entry('b', 'Second — “quoted”.')], TODAY);
    const plain = structuredClone(library.docs) as Doc[];
    const stored = storeBodies(plain);
    expect(stored).toEqual(plain);
    expect(stored.map((d) => d.body)).toEqual(['First.', 'Second — “quoted”.']);
    expect(stored[0]).not.toBe(plain[0]);
    expect(Object.getOwnPropertyDescriptor(plain[0], 'body')?.value).toBe('First.');
  });

  it('GIVEN a folder WHEN loaded file by file THEN it is the library its files make read all at once', async () => {
    const dir = 'test/fixtures/knowledge';
    const loaded = await loadLibrary(dir, TODAY);
    const read = await readEntryFiles(dir);
    const built = buildLibrary(read.sources, { ...TODAY, places: loaded.library.places });
    expect(loaded.library.version).toBe(built.library.version);
    expect(loaded.fingerprints).toEqual(built.fingerprints);
    expect(loaded.library.docs).toEqual(built.library.docs);
    expect(loaded.files).toBe(built.files);
  });
});
