import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
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

describe('/kb reload', () => {
  test('GIVEN a broken file WHEN an admin reloads THEN the problems are listed and the old library keeps serving', async () => {
    const before = bot.ctx.knowledge().library.version;
    await writeFile(
      join(bot.knowledgeDir, 'laws', 'broken.md'),
      NEW_LAW.replace('id: colorado-biometric-amendment', 'id: broken').replace(
        'date: 2024-05-21',
        'date: 2024-13-21',
      ),
    );
    const reply = await reload();
    expect(reply.ephemeral).toBe(true);
    const text = textOf(reply);
    expect(text).toMatch(/Reload refused: the knowledge folder has problems/);
    expect(text).toContain(`Still serving \`${before}\``);
    expect(text).toMatch(/knowledge\/laws\/broken\.md:\d+: date: expected YYYY-MM-DD, got "2024-13-21"/);
    expect(bot.ctx.knowledge().library.version).toBe(before);
    const law = await bot.discord.sendCommand('law', { name: 'bipa' }).reply();
    expect(law.embeds[0]?.title).toBe('Illinois Biometric Information Privacy Act (BIPA)');
    expect(textOf(law)).toContain(before);
  });

  test('GIVEN the file is fixed WHEN an admin reloads THEN the new library is served at once', async () => {
    const before = bot.ctx.knowledge().library.version;
    await rm(join(bot.knowledgeDir, 'laws', 'broken.md'));
    await writeFile(join(bot.knowledgeDir, 'laws', 'colorado-biometric-amendment.md'), NEW_LAW);
    const text = textOf(await reload());
    const after = bot.ctx.knowledge().library.version;
    expect(after).not.toBe(before);
    expect(text).toContain(`Now serving \`${after}\` (was \`${before}\`): 13 entries from 13 files.`);
    const law = await bot.discord.sendCommand('law', { name: 'colorado biometric law' }).reply();
    expect(law.embeds[0]?.title).toBe('Colorado biometric privacy amendment');
    const found = await bot.discord.sendCommand('search', { query: 'colorado biometric' }).reply();
    expect(textOf(found)).toMatch(/Colorado biometric privacy amendment/);
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
