import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { type Bot, expectCleanRun, startBot } from '../discord/harness.js';
import { button, buttonsOf, textOf } from '../discord/view.js';
import { CURATOR_ROLE_ID, type FakeMessage, modalFields, PERMISSIONS } from '../fakes/fake-discord.js';
import { type FakeWeb, startFakeWeb } from '../fakes/fake-web.js';
import { setCuratorRole } from '../../src/discord/permissions.js';
import { pageHtml, suggestViaDiscord } from './helpers.js';

const ana = { id: '400000000000000041', username: 'ana' };
const bo = { id: '400000000000000042', username: 'bo' };
const cy = { id: '400000000000000043', username: 'cy' };
const curator = { id: '400000000000000049', username: 'curator' };

let bot: Bot;
let web: FakeWeb;
const guildId = () => bot.discord.guilds[0]?.id ?? '';
beforeAll(async () => {
  web = await startFakeWeb();
  web.pages.set('www.example-rights.org/reports/schools', {
    body: pageHtml({
      title: 'Face Scans in Schools: A 2025 Survey',
      site: 'Example Rights Project',
      date: '2025-03-14T09:00:00Z',
    }),
  });
  web.pages.set('www.example-coalition.org/letters/transit', {
    body: pageHtml({ title: 'Letter to the Transit Authority' }),
  });
  bot = await startBot({ fetchPage: web.fetch });
});
afterAll(async () => {
  await bot?.stop();
  await web?.stop();
});
afterEach(() => expectCleanRun(bot, 50));

const openInbox = () =>
  bot.discord
    .sendCommand('kb', {}, { subcommand: 'inbox', user: curator, permissions: PERMISSIONS.admin })
    .reply();
const press = (
  message: FakeMessage,
  label: RegExp,
  user = curator,
  permissions: bigint = PERMISSIONS.admin,
) => bot.discord.pressButton(message.id, button(message, label).customId ?? '', { user, permissions });

/** The inbox message as it is now (buttons update it in place). */
const current = (m: FakeMessage) => bot.discord.messages.get(m.id) as FakeMessage;

let schools: Awaited<ReturnType<typeof suggestViaDiscord>>;
let letter: Awaited<ReturnType<typeof suggestViaDiscord>>;
let spam: Awaited<ReturnType<typeof suggestViaDiscord>>;

describe('the curator inbox', () => {
  test('GIVEN three suggestions WHEN a member without Manage Server opens /kb inbox or presses its buttons THEN they are refused at run time', async () => {
    schools = await suggestViaDiscord(bot, ana, {
      link: 'https://www.example-rights.org/reports/schools',
      type: 'report',
      note: 'A survey of 300 school districts finds one in eight uses face recognition on students.',
    });
    letter = await suggestViaDiscord(bot, bo, {
      link: 'https://www.example-coalition.org/letters/transit',
      type: 'letter',
      note: 'Twelve groups asked the transit authority to drop face recognition at fare gates.',
    });
    spam = await suggestViaDiscord(bot, cy, {
      link: 'https://blog.example.net/hot-take',
      type: 'report',
      note: 'A blog post repeating the schools survey without new facts.',
    });
    const refused = await bot.discord.sendCommand('kb', {}, { subcommand: 'inbox', user: ana }).reply();
    expect(refused.ephemeral).toBe(true);
    expect(refused.content).toMatch(/Only curators can do this/);
    const inbox = await openInbox();
    const pressed = await press(inbox, /Accept/, ana, PERMISSIONS.member).reply();
    expect(pressed.content).toMatch(/Only curators can do this/);
    expect(await bot.ctx.suggestions?.inbox(guildId())).toHaveLength(3);
  });

  test('GIVEN the server’s curator role WHEN a member holding it opens /kb inbox THEN they see it; when the role is taken away, their next press is refused', async () => {
    const role = CURATOR_ROLE_ID;
    await setCuratorRole(bot.ctx.store, guildId(), role);
    const inbox = await bot.discord
      .sendCommand('kb', {}, { subcommand: 'inbox', user: bo, roles: [role] })
      .reply();
    expect(textOf(inbox)).toMatch(/Suggestion 1 of 3/);
    const next = await bot.discord
      .pressButton(inbox.id, button(inbox, /Next/).customId ?? '', { user: bo, roles: [] })
      .reply();
    expect(next.content).toMatch(/Only curators can do this/);
    await setCuratorRole(bot.ctx.store, guildId(), undefined);
  });

  test('GIVEN open suggestions WHEN a curator opens /kb inbox and pages THEN each suggestion shows with what the member and the page say', async () => {
    const inbox = await openInbox();
    expect(inbox.ephemeral).toBe(true);
    let text = textOf(inbox);
    expect(text).toMatch(/Suggestion 1 of 3: report/);
    expect(text).toContain('A survey of 300 school districts');
    expect(text).toContain('**Face Scans in Schools: A 2025 Survey** · Example Rights Project · 2025-03-14');
    expect(buttonsOf(inbox).map((b) => b.label)).toEqual([
      'Accept → draft',
      'Merge into…',
      'Reject…',
      'Duplicate of…',
      '◀ Previous',
      'Next ▶',
      'Unanswered (0)',
      'Not helpful (0)',
    ]);
    await press(inbox, /Next/).reply();
    text = textOf(current(inbox));
    expect(text).toMatch(/Suggestion 2 of 3: letter/);
    expect(text).toContain('Letter to the Transit Authority');
  });

  test('GIVEN a suggestion WHEN the curator accepts it THEN a draft that passes kb check is shown, and members are not served it', async () => {
    const inbox = await openInbox();
    await press(inbox, /Accept/).reply();
    const text = textOf(current(inbox));
    expect(text).toMatch(/Suggestion 1 of 3: report \(drafted\)/);
    expect(text).toMatch(/Draft \(new entry knowledge\/reports\/face-scans-in-schools-a-2025-survey\.md\)/);
    expect(text).toContain('date: 2025-03-14');
    expect(text).toContain('publisher: Example Rights Project');
    expect(text).toContain('Passes: ready to publish.');
    expect(bot.ctx.knowledge().library.get('face-scans-in-schools-a-2025-survey')).toBeUndefined();
    const search = await bot.discord.sendCommand('search', { query: 'face scans schools survey' }).reply();
    expect(textOf(search)).not.toMatch(/2025 Survey/);
  });

  test('GIVEN a draft that passes WHEN the curator publishes it THEN the file is written, the base reloads, the change is recorded and the member is told in their own interaction', async () => {
    const inbox = await openInbox();
    const shown = press(inbox, /^Publish$/);
    const modal = await shown.modal();
    expect(modalFields(modal).map((f) => f.custom_id)).toEqual(['note']);
    const submit = bot.discord.submitModal(shown, { note: 'Checked against the PDF.' });
    await submit.until('update', () => (submit.edits.length ? true : undefined));
    const text = textOf(current(inbox));
    expect(text).toMatch(
      /Published: published as face-scans-in-schools-a-2025-survey \(knowledge\/reports\/face-scans-in-schools-a-2025-survey\.md\)\. The member was told \(in Discord\)\./,
    );
    expect(text).toMatch(/Suggestion 1 of 2: letter/);
    const file = await readFile(
      join(bot.knowledgeDir, 'reports', 'face-scans-in-schools-a-2025-survey.md'),
      'utf8',
    );
    expect(file).toMatch(/^---\nid: face-scans-in-schools-a-2025-survey\ntype: report\n/);
    expect((await readdir(join(bot.knowledgeDir, 'reports'))).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(bot.ctx.knowledge().library.get('face-scans-in-schools-a-2025-survey')?.title).toBe(
      'Face Scans in Schools: A 2025 Survey',
    );
    const change = await bot.ctx.store.list(`suggest:change:${guildId()}:`);
    expect(change[0]?.value).toMatchObject({
      by: curator.id,
      entryId: 'face-scans-in-schools-a-2025-survey',
      mode: 'files',
    });
    const told = schools.submit.followUps.at(-1);
    expect(told?.data.flags).toBe(64);
    expect(String(told?.data.content)).toMatch(
      /Your suggestion https:\/\/www\.example-rights\.org\/reports\/schools is now in the knowledge base in Coalition/,
    );
    const status = await bot.discord.sendCommand('suggest', {}, { subcommand: 'status', user: ana }).reply();
    expect(textOf(status)).toMatch(/\*\*published\*\*/);
  });

  test('GIVEN a letter whose page gives no date or recipients WHEN accepted THEN kb check lists each problem as field: expected …, Publish is disabled, and an edit fixes it', async () => {
    const inbox = await openInbox();
    await press(inbox, /Accept/).reply();
    let text = textOf(current(inbox));
    expect(text).toContain('• date: expected YYYY-MM-DD, got ""');
    expect(text).toMatch(/• authors: expected at least one author/);
    expect(text).toMatch(/• recipients: expected at least one recipient/);
    expect(button(current(inbox), /^Publish$/).disabled).toBe(true);
    const shown = press(current(inbox), /Edit draft/);
    const fields = modalFields(await shown.modal());
    expect(fields.find((f) => f.custom_id === 'title')?.value).toBe('Letter to the Transit Authority');
    const more = fields.find((f) => f.custom_id === 'more')?.value ?? '';
    expect(more).toMatch(/^type: letter\n/);
    const submit = bot.discord.submitModal(shown, {
      date: '2025-10-02',
      more: more
        .replace('authors: []', 'authors: [Example Coalition]')
        .replace('recipients: []', 'recipients: [Metro Transit Authority]'),
    });
    await submit.until('update', () => (submit.edits.length ? true : undefined));
    text = textOf(current(inbox));
    expect(text).toContain('Passes: ready to publish.');
    expect(button(current(inbox), /^Publish$/).disabled).toBe(false);
  });

  test('GIVEN a suggestion WHEN the curator rejects it with a reason and the member’s interaction has expired THEN the member gets the reason by DM', async () => {
    bot.discord.expireInteraction(spam.submit.id);
    const inbox = await openInbox();
    await press(inbox, /Next/).reply();
    expect(textOf(current(inbox))).toMatch(/Suggestion 2 of 2: report/);
    const shown = press(current(inbox), /Reject/);
    await shown.modal();
    const submit = bot.discord.submitModal(shown, {
      reason: 'A blog repeating the survey; we cite the survey itself.',
    });
    await submit.until('update', () => (submit.edits.length ? true : undefined));
    expect(textOf(current(inbox))).toMatch(/Rejected `[0-9a-f]{8}`\. The member was told \(by DM\)\./);
    const dm = bot.discord.directMessages.find((d) => d.userId === cy.id);
    expect(String(dm?.body.content)).toBe(
      "Your suggestion https://blog.example.net/hot-take was not added in Coalition. The curator's reason: A blog repeating the survey; we cite the survey itself.",
    );
  });

  test('GIVEN a member who accepts no DMs and whose interaction expired WHEN their suggestion is marked a duplicate THEN the curator learns they could not be told', async () => {
    bot.discord.expireInteraction(letter.submit.id);
    bot.discord.closedDms.add(bo.id);
    const inbox = await openInbox();
    const shown = press(inbox, /Duplicate of/);
    await shown.modal();
    const submit = bot.discord.submitModal(shown, { of: 'coalition letters 2019' });
    await submit.until('update', () => (submit.edits.length ? true : undefined));
    expect(textOf(current(inbox))).toMatch(
      /Marked `[0-9a-f]{8}` as a duplicate of .+\(coalition-letters-2019\)\. The member could not be told \(no DMs\)\./,
    );
    expect(textOf(current(inbox))).toMatch(/No open suggestions/);
    expect(bot.discord.directMessages.some((d) => d.userId === bo.id)).toBe(false);
  });
});

describe('what members could not find', () => {
  test('GIVEN questions the base could not answer and answers marked not helpful with a reason WHEN the curator pages the inbox THEN similar questions are grouped with counts and reasons are listed', async () => {
    for (const [q, who] of [
      ['What are the drone rules in Ohio?', ana],
      ['drone rules Ohio police', bo],
      ['Is there a ban on license plate readers in Oregon?', cy],
    ] as const)
      await bot.discord.sendCommand('ask', { question: q }, { user: who }).reply();
    const answer = await bot.discord
      .sendCommand('ask', { question: 'Who signed the 2019 coalition letters?' }, { user: ana })
      .reply();
    const shown = bot.discord.pressButton(answer.id, button(answer, /^Not helpful$/).customId ?? '', {
      user: ana,
    });
    const modal = await shown.modal();
    expect(modalFields(modal)[0]?.required).toBe(false);
    const thanks = await bot.discord
      .submitModal(shown, { reason: 'It lists groups but not the 2021 signers.' })
      .reply();
    expect(thanks.ephemeral).toBe(true);
    expect(thanks.content).toMatch(/noted as not helpful, with your reason/);
    const form = await bot.discord
      .pressButton(thanks.id, button(thanks, /Suggest a source/).customId ?? '', { user: ana })
      .modal();
    expect(form.title).toBe('Suggest a source');

    const inbox = await openInbox();
    await press(inbox, /Unanswered \(2\)/).reply();
    let text = textOf(current(inbox));
    expect(text).toMatch(
      /\*\*2×\*\* drone rules Ohio police\n {2}also: “What are the drone rules in Ohio\?”/,
    );
    expect(text).toMatch(/\*\*1×\*\* Is there a ban on license plate readers in Oregon\?/);
    await press(current(inbox), /Not helpful \(1\)/).reply();
    text = textOf(current(inbox));
    expect(text).toMatch(
      /\*\*1× not helpful:\*\* Who signed the 2019 coalition letters\?\n {2}› It lists groups but not the 2021 signers\./,
    );
  });
});
