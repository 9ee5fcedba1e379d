import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { PERMISSIONS } from '../fakes/fake-discord.js';
import { type Bot, expectCleanRun, startBot } from './harness.js';
import { button, buttonsOf, textOf } from './view.js';

let bot: Bot;
beforeAll(async () => {
  bot = await startBot();
});
afterAll(async () => {
  await bot?.stop();
});
afterEach(() => expectCleanRun(bot, 40));

const run = (name: string, options: Record<string, string> = {}, extra = {}) =>
  bot.discord.sendCommand(name, options, extra).reply();
const other = { id: '400000000000000002', username: 'someone-else' };

describe('/search', () => {
  test('GIVEN a question in members words WHEN searched THEN the right law comes first with its snippet and a source button', async () => {
    const reply = await run('search', { query: 'texas biometric' });
    expect(reply.ephemeral).toBe(false);
    const text = textOf(reply);
    expect(text).toMatch(/Search: texas biometric/);
    expect(text.indexOf('Texas Capture or Use of Biometric Identifier Act')).toBeGreaterThan(-1);
    expect(text.indexOf('Texas Capture')).toBeLessThan(
      text.indexOf('Illinois Biometric') === -1 ? Infinity : text.indexOf('Illinois Biometric'),
    );
    expect(text).toMatch(/\*\*/); // matched words are marked in snippets
    expect(
      buttonsOf(reply).some((b) => b.url === 'https://statutes.capitol.texas.gov/Docs/BC/htm/BC.503.htm'),
    ).toBe(true);
    expect(text).toMatch(/knowledge base kb-[0-9a-f]{10}/);
  });

  test('GIVEN type and jurisdiction filters WHEN searched THEN only matching entries are listed', async () => {
    const laws = textOf(await run('search', { query: 'biometric', type: 'law', jurisdiction: 'US-IL' }));
    expect(laws).toMatch(/Illinois Biometric Information Privacy Act/);
    expect(laws).not.toMatch(/Texas Capture/);
    expect(laws).toMatch(/type law, Illinois/);
    const letters = textOf(
      await run('search', { query: 'face surveillance', type: 'letter', from: '2021', to: '2021-12-31' }),
    );
    expect(letters).toMatch(/ban face surveillance \(2021\)/i);
    expect(letters).not.toMatch(/January 2019/);
  });

  test('GIVEN many results WHEN the member pages with the buttons THEN the next page replaces the message and paging stops at the end', async () => {
    const first = await run('search', { query: 'face recognition' });
    expect(textOf(first)).toMatch(/page 1 of [2-9]/);
    expect(button(first, /Previous/).disabled).toBe(true);
    const next = button(first, /Next/);
    expect(next.customId?.length).toBeLessThanOrEqual(100);
    const press = bot.discord.pressButton(first.id, next.customId ?? '');
    const second = await press.reply();
    expect(press.callbacks[0]?.type).toBe(7); // the message is updated in place
    expect(second.id).toBe(first.id);
    expect(textOf(second)).toMatch(/page 2 of/);
    expect(textOf(second)).toMatch(/\*\*6\. /);
    expect(button(second, /Previous/).disabled).toBe(false);
    const back = await bot.discord.pressButton(first.id, button(second, /Previous/).customId ?? '').reply();
    expect(textOf(back)).toMatch(/page 1 of/);
  });

  test('GIVEN someone else presses the paging button WHEN handled THEN they are told privately and the results stay', async () => {
    const first = await run('search', { query: 'face recognition' });
    const press = bot.discord.pressButton(first.id, button(first, /Next/).customId ?? '', { user: other });
    const refusal = await press.reply();
    expect(refusal.ephemeral).toBe(true);
    expect(refusal.content).toMatch(/Only the member who searched/);
    expect(textOf(bot.discord.messages.get(first.id) ?? first)).toMatch(/page 1 of/);
  });

  test('GIVEN nothing matches or a date is malformed WHEN searched THEN the member gets a private explanation', async () => {
    const none = await run('search', { query: 'zzzqqq xylophone' });
    expect(none.ephemeral).toBe(true);
    expect(none.content).toMatch(/Nothing in the knowledge base matches "zzzqqq xylophone"/);
    const bad = await run('search', { query: 'biometric', from: '2019-13-45' });
    expect(bad.ephemeral).toBe(true);
    expect(bad.content).toMatch(/`from` must be a date like 2019-01-31/);
    const order = await run('search', { query: 'biometric', from: '2022', to: '2020' });
    expect(order.content).toMatch(/`from` \(2022-01-01\) is after `to` \(2020-12-31\)/);
  });

  test('GIVEN a member types a jurisdiction WHEN autocompleted THEN matching places are offered with their codes', async () => {
    const choices = await bot.discord
      .sendAutocomplete('search', { query: 'x', jurisdiction: 'illi' }, 'jurisdiction')
      .choices();
    expect(choices[0]).toEqual({ name: 'Illinois (US-IL) · 1', value: 'US-IL' });
  });
});

describe('/law', () => {
  test('GIVEN an alias WHEN a member asks for the law THEN they see its card with status, provisions and sources', async () => {
    for (const name of ['bipa', 'Illinois biometric law', 'illinois-bipa']) {
      const reply = await run('law', { name });
      const text = textOf(reply);
      expect(reply.embeds[0]?.title).toBe('Illinois Biometric Information Privacy Act (BIPA)');
      expect(text).toMatch(/Illinois \(US-IL\)/);
      expect(text).toMatch(/In force as of 2 Aug 2024/);
      expect(text).toMatch(/Private right of action\nYes/);
      expect(text).toMatch(/Related cases\n• Rosenbach v\. Six Flags/);
      expect(reply.embeds[0]?.color).toBe(0x2b6cb0);
      expect(reply.embeds[0]?.url).toBe(
        'https://www.ilga.gov/legislation/ilcs/ilcs3.asp?ActID=3004&ChapterID=57',
      );
      expect(buttonsOf(reply).filter((b) => b.url)).toHaveLength(1);
    }
  });

  test('GIVEN a misspelt name WHEN asked THEN the member privately gets the closest matches', async () => {
    const reply = await run('law', { name: 'texas biometrc' });
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toMatch(/No law or bill called "texas biometrc"\. Did you mean:/);
    expect(reply.content).toMatch(/texas-cubi/);
  });

  test('GIVEN a jurisdiction by name or code WHEN asked THEN its laws are listed', async () => {
    const byName = textOf(await run('law', { jurisdiction: 'Texas' }));
    expect(byName).toMatch(/Laws and bills: Texas/);
    expect(byName).toMatch(/Texas Capture or Use of Biometric Identifier Act/);
    const federal = textOf(await run('law', { jurisdiction: 'US' }));
    expect(federal).toMatch(/Facial Recognition and Biometric Technology Moratorium Act/);
    const empty = await run('law', { jurisdiction: 'GB' });
    expect(empty.content).toMatch(/no laws or bills for United Kingdom yet/);
    const none = await run('law');
    expect(none.content).toMatch(/Give a law `name`/);
  });

  test('GIVEN a member types a law name WHEN autocompleted THEN laws and bills are offered by id', async () => {
    const choices = await bot.discord.sendAutocomplete('law', { name: 'tex' }, 'name').choices();
    expect(choices.map((c) => c.value)).toContain('texas-cubi');
    expect(choices.every((c) => c.value !== 'coalition-letters-2019')).toBe(true);
    const places = await bot.discord
      .sendAutocomplete('law', { jurisdiction: 'port' }, 'jurisdiction')
      .choices();
    expect(places[0]?.value).toBe('US-OR-PDX');
  });
});

describe('/letter', () => {
  test('GIVEN a letter with many signatories WHEN shown THEN signatories are paged with buttons', async () => {
    const reply = await run('letter', { name: 'ban face surveillance letter' });
    const text = textOf(reply);
    expect(text).toMatch(/What it asked\n• Pass a federal ban/);
    expect(text).toMatch(/Signatories: 55 \(1–40 of 55 listed\)/);
    expect(text).not.toMatch(/Privacy Coalition of Wyoming/);
    const more = button(reply, /More signatories/);
    const page2 = await bot.discord.pressButton(reply.id, more.customId ?? '', { user: other }).reply();
    expect(textOf(page2)).toMatch(/41–55 of 55 listed/);
    expect(textOf(page2)).toMatch(/Privacy Coalition of Wyoming/);
    expect(button(page2, /More signatories/).disabled).toBe(true);
  });

  test('GIVEN a signatory WHEN asked THEN the letters they signed are listed, and an unknown one gets suggestions', async () => {
    const text = textOf(await run('letter', { signatory: 'Color of Change' }));
    expect(text).toMatch(/Letters signed by Color of Change/);
    expect(text).toMatch(/Coalition letters to Amazon, Google and Microsoft/);
    expect(text).toMatch(/ban face surveillance \(2021\)/);
    const unknown = await run('letter', { signatory: 'Frontier Foundation' });
    expect(unknown.content).toMatch(
      /No letters signed by "Frontier Foundation"\. Did you mean: Electronic Frontier Foundation\?/,
    );
    const choices = await bot.discord
      .sendAutocomplete('letter', { signatory: 'electronic' }, 'signatory')
      .choices();
    expect(choices.map((c) => c.value)).toEqual([
      'Electronic Frontier Foundation',
      'Electronic Privacy Information Center',
    ]);
  });
});

describe('/statement', () => {
  test('GIVEN a company WHEN asked THEN its statements come in date order with promises, sources and related letters', async () => {
    const reply = await run('statement', { company: 'amazon' });
    const text = textOf(reply);
    expect(text).toMatch(/Amazon: statements/);
    const first = text.indexOf('Amazon pauses police use of Rekognition');
    const second = text.indexOf('Amazon extends its Rekognition moratorium');
    expect(first).toBeGreaterThan(-1);
    expect(second).toBeGreaterThan(first);
    expect(text).toMatch(/Promised:\*\*\n• No police use of Rekognition for one year/);
    expect(text).toMatch(/Related letters\n\*\*Coalition letters to Amazon/);
    expect(reply.embeds[0]?.color).toBe(0xc05621);
  });

  test('GIVEN an unknown company WHEN asked THEN close names are suggested; autocomplete offers companies', async () => {
    const reply = await run('statement', { company: 'Micro' });
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toMatch(/Did you mean: Microsoft/);
    const choices = await bot.discord.sendAutocomplete('statement', { company: 'am' }, 'company').choices();
    expect(choices).toEqual([{ name: 'Amazon (2)', value: 'Amazon' }]);
  });
});

describe('/timeline and /source', () => {
  test('GIVEN filters WHEN a timeline is asked THEN entries and milestones come oldest first', async () => {
    const text = textOf(await run('timeline', { type: 'statement' }));
    const lines = text.split('\n').filter((l) => l.startsWith('`'));
    const dates = lines.map((l) => l.slice(1, 11));
    expect(dates).toEqual([...dates].sort());
    expect(text).toMatch(/`2021-06-10` One-year moratorium due to end/);
    expect(text).not.toMatch(/Illinois/);
    const topic = textOf(await run('timeline', { topic: 'rekognition', from: '2021' }));
    expect(topic).toMatch(/Amazon extends/);
    expect(topic).not.toMatch(/`2020-/);
  });

  test('GIVEN an entry WHEN its source is asked THEN every link and a citation to copy are shown', async () => {
    const reply = await run('source', { id: 'bipa' });
    const text = textOf(reply);
    expect(text).toMatch(
      /Sources \(1\)\n• \[Biometric Information Privacy Act\]\(https:\/\/www\.ilga\.gov.*\) · Illinois General Assembly/,
    );
    expect(text).toMatch(
      /Cite as\n```\nIllinois Biometric Information Privacy Act \(BIPA\) \(law, Illinois, 2008\)\. Dossier entry illinois-bipa, kb-/,
    );
    expect(text).toMatch(/## Consent/);
    const choices = await bot.discord.sendAutocomplete('source', { id: 'rosen' }, 'id').choices();
    expect(choices[0]?.value).toBe('rosenbach-v-six-flags');
  });
});

describe('/help, /about and /kb', () => {
  test('GIVEN /help WHEN run THEN every command is listed, privately', async () => {
    const reply = await run('help');
    expect(reply.ephemeral).toBe(true);
    for (const name of ['search', 'law', 'letter', 'statement', 'timeline', 'source', 'about', 'kb'])
      expect(textOf(reply)).toContain(`/${name}`);
    expect(textOf(reply)).toContain('/kb reload');
  });

  test('GIVEN /about WHEN run THEN the version, counts by type and last update are shown', async () => {
    const text = textOf(await run('about'));
    expect(text).toMatch(/Knowledge base version\n`kb-[0-9a-f]{10}`/);
    expect(text).toMatch(/Law: 3 · Bill: 1 · Letter: 2 · Statement: 3 · Case: 1 · Report: 1 · Event: 1/);
    expect(text).toMatch(/Last update\n21 Nov 2026/);
  });

  test('GIVEN a member without Manage Server WHEN they run /kb THEN they are refused privately', async () => {
    for (const subcommand of ['stats', 'reload']) {
      const reply = await bot.discord.sendCommand('kb', {}, { subcommand }).reply();
      expect(reply.ephemeral).toBe(true);
      expect(reply.content).toBe('Only members with the Manage Server permission can do this.');
    }
    const definition = bot.discord.commandDefinition('kb');
    expect(definition?.default_member_permissions).toBe('32');
  });

  test('GIVEN an admin WHEN they run /kb stats THEN they see what is loaded', async () => {
    const reply = await bot.discord
      .sendCommand('kb', {}, { subcommand: 'stats', permissions: PERMISSIONS.admin })
      .reply();
    expect(reply.ephemeral).toBe(true);
    expect(textOf(reply)).toMatch(/Entries\n12/);
    expect(textOf(reply)).toMatch(/Passages indexed\n\d+/);
  });
});
