import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { reviewTrail } from '../../src/freshness/reviews.js';
import { type Bot, startBot } from '../discord/harness.js';
import { button, textOf } from '../discord/view.js';
import { CURATOR_ROLE_ID, PERMISSIONS } from '../fakes/fake-discord.js';

const NOW = new Date('2026-11-29T12:00:00Z');
const CURATORS = CURATOR_ROLE_ID;
const curator = { id: '400000000000000007', username: 'sam' };

describe('/kb review', () => {
  let bot: Bot;
  beforeAll(async () => {
    bot = await startBot({ clock: () => NOW });
  });
  afterAll(async () => bot?.stop());
  afterEach(() => {
    expect(bot.discord.violations).toEqual([]);
    expect(bot.logs.filter((l) => Number(l.level) >= 50)).toEqual([]);
  });

  const review = (extra: { roles?: string[]; permissions?: bigint }) =>
    bot.discord.sendCommand('kb', {}, { subcommand: 'review', user: curator, ...extra }).reply();

  test('GIVEN a member with neither Manage Server nor the curator role WHEN they run /kb review THEN they are refused privately', async () => {
    const reply = await review({ roles: [CURATORS] });
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toMatch(/^Only curators can do this/);
  });

  test('GIVEN an admin set the curator role WHEN a member with it runs /kb review THEN they page through what is due, most urgent first, with reasons, sources and decision buttons', async () => {
    const set = await bot.discord
      .sendCommand(
        'kb',
        { 'curator-role': CURATORS },
        { subcommand: 'settings', permissions: PERMISSIONS.admin },
      )
      .reply();
    expect(set.content).toMatch(/can now use \/kb review/);
    const reply = await review({ roles: [CURATORS] });
    expect(reply.ephemeral).toBe(true);
    const first = textOf(reply);
    expect(reply.embeds[0]?.title).toBe('Amazon extends its Rekognition moratorium indefinitely');
    expect(first).toMatch(
      /\*\*1 of \d+ due\*\* · statement · `knowledge\/statements\/amazon-rekognition-moratorium-extended-2021\.md`/,
    );
    expect(first).toContain('• described as "indefinitely" in a statement on 18 May 2021');
    expect(button(reply, /Still accurate/).disabled).toBe(false);
    expect(button(reply, /Previous/).disabled).toBe(true);
    const next = await bot.discord
      .pressButton(reply.id, button(reply, /Next/).customId ?? '', { user: curator, roles: [CURATORS] })
      .reply();
    const text = textOf(next);
    expect(next.embeds[0]?.title).toBe('Facial Recognition and Biometric Technology Moratorium Act');
    expect(text).toMatch(
      /\*\*2 of \d+ due\*\* · bill · `knowledge\/bills\/facial-recognition-moratorium-act\.md`/,
    );
    expect(text).toContain(
      '• still "proposed" (as of 7 Mar 2023) but the 118th Congress ended on 3 Jan 2025',
    );
    expect(text).toContain('**Suggestion:** Bills die when their session ends');
    expect(text).toContain('https://www.congress.gov/bill/116th-congress/senate-bill/4084');
  });

  test('GIVEN the curator role was taken away WHEN the member presses a button on the review they opened THEN it is refused at run time', async () => {
    const reply = await review({ roles: [CURATORS] });
    const press = bot.discord.pressButton(reply.id, button(reply, /Still accurate/).customId ?? '', {
      user: curator,
      roles: [],
    });
    const refusal = await press.reply();
    expect(refusal.ephemeral).toBe(true);
    expect(refusal.content).toMatch(/^Only curators can do this/);
    expect(await reviewTrail(bot.ctx.store)).toEqual([]);
  });

  test('GIVEN a curator WHEN they press "Still accurate" THEN who and when are recorded, the next entry is shown, and the card stops warning', async () => {
    const opened = await review({ roles: [CURATORS] });
    const total = Number(/1 of (\d+) due/.exec(textOf(opened))?.[1]);
    const reply = await bot.discord
      .pressButton(opened.id, button(opened, /Next/).customId ?? '', { user: curator, roles: [CURATORS] })
      .reply();
    expect(reply.embeds[0]?.title).toBe('Facial Recognition and Biometric Technology Moratorium Act');
    const after = await bot.discord
      .pressButton(reply.id, button(reply, /Still accurate/).customId ?? '', {
        user: curator,
        roles: [CURATORS],
      })
      .reply();
    expect(after.content).toBe(
      'Recorded: **Facial Recognition and Biometric Technology Moratorium Act** is still accurate (checked 29 Nov 2026 by sam).',
    );
    expect(textOf(after)).toContain(`2 of ${total - 1} due`);
    expect(after.embeds[0]?.title).not.toBe('Facial Recognition and Biometric Technology Moratorium Act');
    const trail = await reviewTrail(bot.ctx.store, 'facial-recognition-moratorium-act');
    expect(trail).toMatchObject([
      { decision: 'accurate', by: { id: curator.id, name: 'sam' }, at: NOW.toISOString() },
    ]);
    const card = textOf(await bot.discord.sendCommand('law', { name: 'federal moratorium bill' }).reply());
    expect(card).toContain('Status checked 29 Nov 2026 (today)');
    expect(card).not.toContain('May be out of date');
  });

  test('GIVEN a curator WHEN they press "Needs changes" THEN it is recorded, a change note follows, and the entry stays due with that reason', async () => {
    const reply = await review({ permissions: PERMISSIONS.admin });
    const title = reply.embeds[0]?.title ?? '';
    const press = bot.discord.pressButton(reply.id, button(reply, /Needs changes/).customId ?? '', {
      user: curator,
      permissions: PERMISSIONS.admin,
    });
    const updated = await press.reply();
    expect(updated.content).toBe(`Recorded: **${title}** needs changes. A change note follows.`);
    const note = await press.until('the change note', () => press.followUps[0]?.message);
    expect(note.flags & 64).toBe(64); // only the curator sees it
    expect(textOf(note)).toContain(`Change note: ${title}`);
    expect(textOf(note)).toMatch(/Marked "needs changes" by sam on 29 Nov 2026\./);
    const again = textOf(await review({ permissions: PERMISSIONS.admin }));
    expect(again).toContain('• marked "needs changes" by sam on 29 Nov 2026');
  });

  test('GIVEN a curator WHEN they press "Snooze 30 days" THEN the entry leaves the queue until then', async () => {
    const reply = await review({ permissions: PERMISSIONS.admin });
    const title = reply.embeds[0]?.title ?? '';
    const total = Number(/1 of (\d+) due/.exec(textOf(reply))?.[1]);
    const after = await bot.discord
      .pressButton(reply.id, button(reply, /Snooze/).customId ?? '', {
        user: curator,
        permissions: PERMISSIONS.admin,
      })
      .reply();
    expect(after.content).toBe(`Snoozed **${title}** for 30 days, until 29 Dec 2026.`);
    expect(textOf(after)).toContain(`1 of ${total - 1} due`);
  });

  test('GIVEN the admin clears the curator role WHEN a member with it runs /kb review THEN they are refused', async () => {
    await bot.discord
      .sendCommand(
        'kb',
        { 'clear-curator-role': true },
        { subcommand: 'settings', permissions: PERMISSIONS.admin },
      )
      .reply();
    expect((await review({ roles: [CURATORS] })).content).toMatch(/^Only curators can do this/);
  });
});

describe('/kb review with KNOWLEDGE_WRITABLE=true', () => {
  let bot: Bot;
  beforeAll(async () => {
    bot = await startBot({ clock: () => NOW, env: { KNOWLEDGE_WRITABLE: 'true' } });
  });
  afterAll(async () => bot?.stop());

  test('GIVEN a writable knowledge folder WHEN a curator presses "Still accurate" THEN checked is written into the file and nothing else changes', async () => {
    const file = join(bot.knowledgeDir, 'bills', 'facial-recognition-moratorium-act.md');
    const before = await readFile(file, 'utf8');
    const opened = await bot.discord
      .sendCommand('kb', {}, { subcommand: 'review', user: curator, permissions: PERMISSIONS.admin })
      .reply();
    const reply = await bot.discord
      .pressButton(opened.id, button(opened, /Next/).customId ?? '', {
        user: curator,
        permissions: PERMISSIONS.admin,
      })
      .reply();
    expect(reply.embeds[0]?.title).toBe('Facial Recognition and Biometric Technology Moratorium Act');
    const after = await bot.discord
      .pressButton(reply.id, button(reply, /Still accurate/).customId ?? '', {
        user: curator,
        permissions: PERMISSIONS.admin,
      })
      .reply();
    expect(after.content).toContain(
      'Wrote `checked: 2026-11-29` into `knowledge/bills/facial-recognition-moratorium-act.md`.',
    );
    const written = await readFile(file, 'utf8');
    expect(written.replace('checked: 2026-11-29\n', '')).toBe(before);
    expect(written).toMatch(/\nadded: 2026-11-01\nchecked: 2026-11-29\n---/);
    const [record] = await reviewTrail(bot.ctx.store, 'facial-recognition-moratorium-act');
    expect(record?.applied).toBe('2026-11-29');
  });
});
