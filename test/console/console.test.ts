import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { commands } from '../../commands/index.js';
import type { ConsoleSession } from '../../src/console/console.js';
import { parseLine } from '../../src/console/parse-line.js';
import { type ConsoleHarness, startTestConsole } from './harness.js';

let dossier: ConsoleHarness;
let session: ConsoleSession;
const definitions = commands.map((c) => c.data.toJSON());
beforeAll(async () => {
  dossier = await startTestConsole();
  session = dossier.session;
});
afterAll(() => dossier.close());
const type = (line: string) => dossier.type(line);

describe('console line parsing', () => {
  test('GIVEN quoted values, choices and bare words WHEN parsed THEN options are built as Discord would send them', () => {
    expect(parseLine('/search query:"texas biometric" type:law', definitions)).toEqual({
      ok: true,
      command: 'search',
      options: [
        { name: 'query', type: 3, value: 'texas biometric' },
        { name: 'type', type: 3, value: 'law' },
      ],
    });
    expect(parseLine('law illinois biometric law', definitions)).toMatchObject({
      ok: true,
      options: [{ name: 'name', value: 'illinois biometric law' }],
    });
    expect(parseLine('/kb reload', definitions)).toMatchObject({
      ok: true,
      options: [{ name: 'reload', type: 1, options: [] }],
    });
  });

  test('GIVEN words after a free-text option WHEN parsed THEN they continue its value, but not a fixed choice', () => {
    expect(parseLine('/search query:texas biometric type:law', definitions)).toMatchObject({
      ok: true,
      options: [
        { name: 'query', value: 'texas biometric' },
        { name: 'type', value: 'law' },
      ],
    });
    expect(parseLine('/bill search query:facial recognition state:TX', definitions)).toMatchObject({
      ok: true,
      options: [
        {
          name: 'search',
          options: [
            { name: 'query', value: 'facial recognition' },
            { name: 'state', value: 'TX' },
          ],
        },
      ],
    });
    expect(parseLine('/search type:law texas biometric', definitions)).toMatchObject({
      ok: true,
      options: [
        { name: 'query', value: 'texas biometric' },
        { name: 'type', value: 'law' },
      ],
    });
  });

  test('GIVEN mistakes WHEN parsed THEN the error says what is wrong and what is allowed', () => {
    expect(parseLine('/serch x', definitions)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^No command \/serch\. Commands: \/search/),
    });
    expect(parseLine('/search type:law', definitions)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/needs query/),
    });
    expect(parseLine('/search query:x type:memo', definitions)).toMatchObject({
      ok: false,
      error: 'type must be one of: law, bill, letter, statement, case, report, event',
    });
    expect(parseLine('/kb', definitions)).toMatchObject({
      ok: false,
      error: '/kb needs one of: /kb reload, /kb stats, /kb feedback, /kb review, /kb settings, /kb inbox',
    });
  });
});

describe('console session', () => {
  test('GIVEN a search WHEN typed THEN the embed is shown as text with numbered buttons and links', async () => {
    const text = await type('/search query:"texas biometric" type:law');
    expect(text).toMatch(/│ Search: texas biometric/);
    expect(text).toMatch(
      /Texas Capture or Use of Biometric Identifier Act \(CUBI\) <https:\/\/statutes\.capitol\.texas\.gov/,
    );
    expect(text).toMatch(/↗ Texas Capture or Use of Biometric Identifier Act \(CUBI\): https:\/\//);
    expect(text).toMatch(/│ Dossier · knowledge base kb-/);
  });

  test('GIVEN paged results WHEN the member types a button number THEN the next page is shown', async () => {
    const first = await type('/search face recognition');
    expect(first).toMatch(/page 1 of [2-9]/);
    expect(first).toMatch(/\[1\] Next ▶ {3}\(type the number to press\)/);
    expect(session.buttons.map((b) => b.label)).toEqual(['Next ▶']);
    const second = await type('1');
    expect(second).toMatch(/page 2 of/);
    expect(session.buttons.map((b) => b.label)).toContain('◀ Previous');
    expect(await type('9')).toMatch(/^Press 1 to \d\.$/);
  });

  test('GIVEN an unknown name WHEN asked THEN the private did-you-mean reply is marked as such', async () => {
    const text = await type('/law name:bipaa');
    expect(text).toMatch(/^\(only you can see this\)\nNo law or bill called "bipaa"\. Did you mean:/);
  });

  test('GIVEN admin commands WHEN run from the console THEN they work (the console user administers the server)', async () => {
    expect(await type('/kb stats')).toMatch(/Knowledge base stats/);
    expect(await type('/kb reload')).toMatch(/Knowledge base reloaded/);
  });

  test('GIVEN help WHEN typed THEN every command is listed', async () => {
    const text = await type('help');
    for (const d of definitions) expect(text).toContain(`/${d.name}`);
    expect(await session.run('exit')).toBe('exit');
  });

  test('GIVEN partial input WHEN Tab is pressed THEN commands, options, choices and autocomplete values complete', async () => {
    expect(await session.complete('/se')).toEqual([['/search '], '/se']);
    expect((await session.complete('/s'))[0]).toEqual(['/search ', '/statement ', '/source ', '/suggest ']);
    expect(await session.complete('/search query:x ty')).toEqual([['type:'], 'ty']);
    expect(await session.complete('/search query:x type:st')).toEqual([['type:statement '], 'type:st']);
    expect(await session.complete('/kb re')).toEqual([['reload ', 'review '], 're']);
    const [laws] = await session.complete('/law name:texas');
    expect(laws).toContain('name:texas-cubi ');
    const [places] = await session.complete('/law jurisdiction:illi');
    expect(places).toEqual(['jurisdiction:US-IL ']);
    const [companies] = await session.complete('/statement company:Micro');
    expect(companies).toEqual(['company:Microsoft ']);
  });
});
