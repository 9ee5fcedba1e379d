import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type FakeWeb, startFakeWeb } from '../fakes/fake-web.js';
import { pageHtml } from '../suggest/helpers.js';
import { type ConsoleHarness, startTestConsole } from './harness.js';

let dossier: ConsoleHarness;
let web: FakeWeb;
beforeAll(async () => {
  web = await startFakeWeb();
  web.pages.set('www.example.org/statement', {
    body: pageHtml({ title: 'Vendor Pauses Face Search', site: 'Vendor Inc.', date: '2025-09-09' }),
  });
  dossier = await startTestConsole({ fetchPage: web.fetch });
});
afterAll(async () => {
  await dossier?.close();
  await web?.stop();
});
const type = (line: string) => dossier.type(line);

test('GIVEN the console WHEN a member suggests a source and a curator accepts and publishes it THEN each form is asked field by field and the entry is written', async () => {
  expect(await type('/suggest source')).toMatch(/┌ Form: Suggest a source\.[^\n]*\n│ Link:/);
  expect(await type('https://www.example.org/statement')).toMatch(
    /│ What it is: type a number: 1\. Law {2}2\. Bill .*4\. Statement/,
  );
  expect(await type('4')).toMatch(/│ What it says:/);
  expect(await type('The vendor paused its face search product for police customers.')).toMatch(
    /│ Entry it updates \(optional\):$/,
  );
  const received = await type('');
  expect(received).toMatch(/your suggestion is in the curators’ inbox/);
  expect(received).toContain('Vendor Pauses Face Search');

  const inbox = await type('/kb inbox');
  expect(inbox).toMatch(/Suggestion 1 of 1: statement/);
  expect(inbox).toMatch(/\[1\] Accept → draft/);
  const drafted = await type('1');
  expect(drafted).toContain('Passes: ready to publish.');
  expect(drafted).toMatch(/organization: Vendor Inc\./);
  const publishButton = dossier.session.buttons.findIndex((b) => b.label === 'Publish') + 1;
  expect(await type(String(publishButton))).toMatch(/┌ Form: Publish the entry/);
  const published = await type('Checked the vendor’s post.');
  expect(published).toMatch(/Published: published as vendor-pauses-face-search/);
  expect(published).toMatch(/The member could not be told \(no DMs\)/);
  expect(await readFile(join(dossier.dir, 'statements', 'vendor-pauses-face-search.md'), 'utf8')).toMatch(
    /^---\nid: vendor-pauses-face-search\ntype: statement\n/,
  );
  expect(await type('/suggest status')).toMatch(/\*\*published\*\*/);
});
