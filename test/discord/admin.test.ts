import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { loadKnowledge } from '../../src/knowledge.js';
import { PERMISSIONS } from '../fakes/fake-discord.js';
import { type Bot, startBot } from './harness.js';
import { textOf } from './view.js';

let bot: Bot;
beforeAll(async () => {
  bot = await startBot();
});
afterAll(async () => {
  await bot?.stop();
});
afterEach(() => {
  expect(bot.discord.violations).toEqual([]);
  expect(bot.logs.filter((l) => Number(l.level) >= 40)).toEqual([]);
});

const reload = () =>
  bot.discord.sendCommand('kb', {}, { subcommand: 'reload', permissions: PERMISSIONS.admin }).reply();

const NEW_LAW = `---
id: colorado-biometric-amendment
type: law
title: Colorado biometric privacy amendment
aliases: [Colorado biometric law]
date: 2024-05-21
summary: Colorado added biometric identifiers to its privacy act, with consent and retention rules.
jurisdiction: US-CO
status: in-force
status_as_of: 2025-07-01
sources:
  - url: https://leg.colorado.gov/bills/hb24-1130
    title: HB24-1130 Privacy of Biometric Identifiers
    publisher: Colorado General Assembly
added: 2026-11-21
---

Takes effect in July 2025.
`;

const COPYCAT = NEW_LAW.replace('id: colorado-biometric-amendment', 'id: bipa-copycat')
  .replace('aliases: [Colorado biometric law]', 'aliases: [BIPA]')
  .replace('title: Colorado biometric privacy amendment', 'title: A second BIPA');

describe('/kb reload', () => {
  test('GIVEN a new law and a new file claiming an alias BIPA already has WHEN an admin reloads THEN the new law is served and the conflicting file is listed as skipped, with why', async () => {
    const before = bot.ctx.knowledge().library.version;
    await writeFile(join(bot.knowledgeDir, 'laws', 'colorado-biometric-amendment.md'), NEW_LAW);
    await writeFile(join(bot.knowledgeDir, 'laws', 'bipa-copycat.md'), COPYCAT);
    const reply = await reload();
    expect(reply.ephemeral).toBe(true);
    const after = bot.ctx.knowledge().library.version;
    expect(after).not.toBe(before);
    expect(textOf(reply).split('\n')).toEqual([
      'Knowledge base reloaded; 1 file skipped',
      `Now serving \`${after}\` (was \`${before}\`): 13 entries from 14 files.`,
      '**Added (1):** `colorado-biometric-amendment`',
      '**Skipped (1), not served until fixed:**',
      '• `knowledge/laws/bipa-copycat.md`',
      '  – knowledge/laws/bipa-copycat.md:5: aliases: "BIPA" is already an alias of illinois-bipa (knowledge/laws/illinois-bipa.md)',
      `Dossier · knowledge base ${after}`,
    ]);
    const law = await bot.discord.sendCommand('law', { name: 'colorado biometric law' }).reply();
    expect(law.embeds[0]?.title).toBe('Colorado biometric privacy amendment');
    const bipa = await bot.discord.sendCommand('law', { name: 'bipa' }).reply();
    expect(bipa.embeds[0]?.title).toBe('Illinois Biometric Information Privacy Act (BIPA)');
    const found = await bot.discord.sendCommand('search', { query: 'colorado biometric' }).reply();
    expect(textOf(found)).toMatch(/Colorado biometric privacy amendment/);
    // A restart would serve exactly the same: start-up and reload follow one rule.
    const fresh = await loadKnowledge(bot.knowledgeDir);
    expect(fresh.library.docs.map((d) => d.id)).toEqual(bot.ctx.knowledge().library.docs.map((d) => d.id));
    expect(fresh.library.version).toBe(after);
    fresh.search.close();
  });

  test('GIVEN an entry edited, one removed and one broken WHEN an admin reloads THEN each is listed as updated, removed or withdrawn with its problem', async () => {
    await writeFile(
      join(bot.knowledgeDir, 'laws', 'colorado-biometric-amendment.md'),
      NEW_LAW.replace('Takes effect in July 2025.', 'Took effect on 1 July 2025.'),
    );
    await rm(join(bot.knowledgeDir, 'laws', 'bipa-copycat.md'));
    await rm(join(bot.knowledgeDir, 'laws', 'portland-face-recognition-ban.md'));
    const texas = join(bot.knowledgeDir, 'laws', 'texas-cubi.md');
    const texasText = await readFile(texas, 'utf8');
    await writeFile(texas, texasText.replace(/^date: .*$/m, 'date: 2009-13-01'));
    const text = textOf(await reload());
    expect(text).toContain('Knowledge base reloaded; 1 file skipped');
    expect(text).toContain('11 entries from 12 files.');
    expect(text).toContain('**Updated (1):** `colorado-biometric-amendment`');
    expect(text).toContain('**Removed (1):** `portland-face-recognition-ban`');
    expect(text).toContain('• `knowledge/laws/texas-cubi.md` (was served, now withdrawn)');
    expect(text).toMatch(
      / {2}– knowledge\/laws\/texas-cubi\.md:\d+: date: expected YYYY-MM-DD, got "2009-13-01"/,
    );
    expect(text).not.toContain('bipa-copycat');
    const cubi = await bot.discord.sendCommand('law', { name: 'texas-cubi' }).reply();
    expect(textOf(cubi)).toMatch(/^No law or bill called "texas-cubi"/);

    await writeFile(texas, texasText);
    const fixed = textOf(await reload());
    expect(fixed).toContain('Knowledge base reloaded\n');
    expect(fixed).toContain('**Added (1):** `texas-cubi`');
    expect(fixed).not.toContain('Skipped');
  });

  test('GIVEN nothing changed WHEN an admin reloads THEN they are told so', async () => {
    expect(textOf(await reload())).toMatch(/No change \(was `kb-/);
  });

  test('GIVEN a member overriding the default permissions WHEN they reload THEN the run-time check refuses and nothing reloads', async () => {
    const version = bot.ctx.knowledge().library.version;
    await writeFile(
      join(bot.knowledgeDir, 'laws', 'colorado-biometric-amendment.md'),
      NEW_LAW.replace('Takes effect', 'Took effect'),
    );
    const reply = await bot.discord
      .sendCommand('kb', {}, { subcommand: 'reload', permissions: PERMISSIONS.member })
      .reply();
    expect(reply.content).toBe('Only members with the Manage Server permission can do this.');
    expect(bot.ctx.knowledge().library.version).toBe(version);
    const direct = await bot.discord
      .sendCommand('kb', {}, { subcommand: 'reload', guildId: null, permissions: PERMISSIONS.admin })
      .reply();
    expect(direct.content).toBe('Only members with the Manage Server permission can do this.');
  });
});
