import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DigestService } from '../../src/digest/digest-service.js';
import { type Bot, startBot } from '../discord/harness.js';
import { type FakeDiscord, PERMISSIONS } from '../fakes/fake-discord.js';

/** The bot with digests, connected to the fake Discord: commands in, channel messages out. */
let bot: Bot;
let discord: FakeDiscord;
let digests: DigestService;
let now = new Date('2026-11-20T07:00:00Z');
const CHANNEL = '300000000000000001';
const LETTERS = '300000000000000002';
const CLOSED = '300000000000000003';
const DELETED = '300000000000000004';
const BUSY = '300000000000000005';
const MAPPED = '300000000000000006';
const OTHER_GUILD_CHANNEL = '300000000000000009';
const admin = { permissions: PERMISSIONS.admin };

beforeAll(async () => {
  bot = await startBot({
    // The server's own channels, and another server's channel that a forged payload may name.
    fake: {
      guilds: [
        {
          id: '200000000000000001',
          name: 'Coalition',
          channels: [CHANNEL, LETTERS, CLOSED, DELETED, BUSY, MAPPED],
        },
        { id: '200000000000000002', name: 'Elsewhere', channels: [OTHER_GUILD_CHANNEL] },
      ],
    },
    knowledgeDir: 'test/fixtures/knowledge',
    digests: true,
    clock: () => now,
  });
  discord = bot.discord;
  if (!bot.ctx.digests) throw new Error('startBot: digests were asked for');
  digests = bot.ctx.digests;
}, 30_000);

afterAll(async () => bot?.stop());

const digest = (subcommand: string, options: Record<string, string | boolean> = {}, extra = admin) =>
  discord.sendCommand('digest', options, { subcommand, ...extra });
const textOf = (m: { content: string; embeds: Record<string, unknown>[] }) =>
  [
    m.content,
    ...m.embeds.flatMap((e) => [e.title, e.description, (e.footer as { text?: string })?.text]),
  ].join('\n');

describe('/digest', () => {
  it('GIVEN a member without Manage Server THEN the command is hidden by default and refused at run time', async () => {
    expect(discord.commandDefinition('digest')?.default_member_permissions).toBe(String(0x20));
    const reply = await digest('list', {}, { permissions: PERMISSIONS.member }).reply();
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toBe('Only members with the Manage Server permission can do this.');
  });

  it("GIVEN another server's channel in the payload WHEN subscribe, preview or send-now names it THEN it is refused and nothing is set up or posted", async () => {
    for (const subcommand of ['subscribe', 'preview', 'send-now']) {
      const reply = await digest(subcommand, {
        channel: OTHER_GUILD_CHANNEL,
        ...(subcommand === 'subscribe' ? { time: '09:00', timezone: 'Europe/Berlin' } : {}),
      }).reply();
      expect(reply.ephemeral).toBe(true);
      expect(reply.content).toBe(
        `<#${OTHER_GUILD_CHANNEL}> is not a channel of this server that I can see. Pick one of this server's text channels.`,
      );
    }
    expect(await digests.list(discord.guilds[0]?.id ?? '')).toEqual([]);
    expect(discord.channelMessages.filter((m) => m.channelId === OTHER_GUILD_CHANNEL)).toEqual([]);
  });

  it('GIVEN a bad time or time zone THEN subscribe says which and sets nothing up', async () => {
    const reply = await digest('subscribe', {
      channel: CHANNEL,
      time: '9am',
      timezone: 'Mars/Olympus',
    }).reply();
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toContain('expected a time like 09:00 (24-hour HH:MM), got "9am"');
    expect(reply.content).toContain('expected an IANA time zone like Europe/Berlin, got "Mars/Olympus"');
    expect(await digests.list(discord.guilds[0]?.id ?? '')).toEqual([]);
  });

  it('GIVEN a jurisdiction the places table lacks THEN subscribe names it and the file places come from, and sets nothing up', async () => {
    const reply = await digest('subscribe', {
      channel: CHANNEL,
      time: '09:00',
      timezone: 'Europe/Berlin',
      jurisdictions: 'us-il, us-xx',
    }).reply();
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toContain(
      'unknown jurisdiction "US-XX": pick from the list as you type (the places are listed in knowledge/jurisdictions.yml)',
    );
    expect(await digests.list(discord.guilds[0]?.id ?? '')).toEqual([]);
  });

  it('GIVEN a member typing a time zone THEN matching IANA zones are offered', async () => {
    const choices = await discord
      .sendAutocomplete('digest', { timezone: 'new york' }, 'timezone', { subcommand: 'subscribe' })
      .choices();
    expect(choices[0]).toEqual({ name: 'America/New York (GMT-5)', value: 'America/New_York' });
    const types = await discord
      .sendAutocomplete('digest', { types: 'law, b' }, 'types', { subcommand: 'subscribe' })
      .choices();
    expect(types).toEqual([{ name: 'law, bill', value: 'law, bill' }]);
  });

  it('GIVEN an admin subscribes THEN the reply names the channel, the local time and the first run', async () => {
    const reply = await digest('subscribe', {
      channel: CHANNEL,
      time: '09:00',
      timezone: 'Europe/Berlin',
      types: 'law, bill',
    }).reply();
    expect(reply.content).toMatch(
      /^Daily digest set for <#300000000000000001> at 09:00 Europe\/Berlin \(law, bill · all sections\)\. First digest <t:1795161600:f>/,
    );
    await digest('subscribe', {
      channel: LETTERS,
      time: '09:00',
      timezone: 'Europe/Berlin',
      types: 'letter',
    }).reply();
  });

  it('GIVEN map:true THEN the subscription keeps it and says so; without it the map stays off', async () => {
    const reply = await digest('subscribe', {
      channel: MAPPED,
      time: '09:00',
      timezone: 'Europe/Berlin',
      map: true,
    }).reply();
    expect(reply.content).toContain(
      '(all types · all sections · with the law map when a law changes status)',
    );
    expect((await digests.get('200000000000000001', MAPPED))?.attachMap).toBe(true);
    expect((await digests.get('200000000000000001', CHANNEL))?.attachMap).toBe(false);
    await digests.unsubscribe('200000000000000001', MAPPED);
  });

  it('GIVEN a subscription WHEN previewed THEN the admin alone sees what would be posted and why the rest is left out', async () => {
    const kept = await digest('preview', { channel: CHANNEL }).reply();
    expect(kept.ephemeral).toBe(true);
    expect(textOf(kept)).toMatch(
      /Preview for <#300000000000000001>: this is what would be posted now \(1 message\)/,
    );
    expect(textOf(kept)).toContain('Illinois Biometric Information Privacy Act (BIPA)');
    expect(textOf(kept)).toMatch(/· law · Illinois · updated today/);

    const interaction = digest('preview', { channel: LETTERS });
    const nothing = await interaction.reply();
    expect(nothing.content).toMatch(/nothing would be posted now/);
    const leftOut = await interaction.until('left-out follow-up', () => interaction.followUps[0]);
    expect(JSON.stringify(leftOut.data)).toContain("type law is not among this channel's types (letter)");
    expect(discord.violations).toEqual([]);
  });

  it('GIVEN send-now THEN the digest is posted in the channel with mentions disabled', async () => {
    const before = discord.channelMessages.length;
    const reply = await digest('send-now', { channel: CHANNEL }).reply();
    expect(reply.content).toBe('Posted the digest in <#300000000000000001> (1 message).');
    const posted = discord.channelMessages.slice(before);
    expect(posted.map((m) => m.channelId)).toEqual([CHANNEL]);
    expect(posted[0]?.body.allowed_mentions).toEqual({ parse: [] });
    expect(JSON.stringify(posted[0]?.body)).toContain('Illinois Biometric Information Privacy Act (BIPA)');
  });

  it('GIVEN a channel closed to the bot (403) or deleted (404) THEN the scheduler marks it broken and /digest list shows why', async () => {
    now = new Date('2026-11-20T07:00:00Z');
    for (const channel of [CLOSED, DELETED])
      await digest('subscribe', {
        channel,
        time: '09:00',
        timezone: 'Europe/Berlin',
        nothing_new_note: true,
      }).reply();
    discord.scriptChannel(CLOSED, 403, 5);
    discord.scriptChannel(DELETED, 404, 5);
    const before = discord.channelMessages.length;
    now = new Date('2026-11-20T08:00:00Z');
    const report = await digests.scheduler.tick(now);
    const outcome = (id: string) => report?.results.find((r) => r.id.endsWith(id))?.outcome;
    expect(outcome(CLOSED)).toBe('broken');
    expect(outcome(DELETED)).toBe('broken');
    // send-now already posted today's news here, and this channel wants no "nothing new" note.
    expect(outcome(CHANNEL)).toBe('nothing-to-say');
    expect(discord.channelMessages.slice(before)).toEqual([]);
    await digests.scheduler.tick(new Date('2026-11-20T08:01:00Z'));
    const list = textOf(await digest('list').reply());
    expect(list).toMatch(
      /<#300000000000000003>.*\n⚠️ \*\*Broken\*\*.*the bot may not post in the channel \(channel 300000000000000003: 403 Missing Access\)/,
    );
    expect(list).toMatch(
      /<#300000000000000004>.*\n⚠️ \*\*Broken\*\*.*the channel no longer exists \(channel 300000000000000004: 404 Unknown Channel\)/,
    );
    expect(list).toMatch(
      /<#300000000000000001>.*\nnext <t:1795248000:f>.*last: nothing-to-say for 2026-11-20/,
    );
  });

  it('GIVEN a channel answering 429 THEN the digest waits as Discord says and is posted once', async () => {
    now = new Date('2026-11-20T09:00:00Z');
    await digest('subscribe', {
      channel: BUSY,
      time: '10:30',
      timezone: 'Europe/Berlin',
      nothing_new_note: true,
    }).reply();
    discord.scriptChannel(BUSY, 429, 1, 50);
    const report = await digests.scheduler.tick(new Date('2026-11-20T09:30:00Z'));
    expect(report?.results.find((r) => r.id.endsWith(BUSY))).toMatchObject({ outcome: 'sent', messages: 1 });
    await digests.scheduler.tick(new Date('2026-11-20T09:31:00Z'));
    expect(discord.channelMessages.filter((m) => m.channelId === BUSY)).toHaveLength(1);
    expect(
      discord.requests.filter((r) => r.path.includes(`/channels/${BUSY}/messages`)).map((r) => r.status),
    ).toEqual([429, 200]);
  });

  it('GIVEN unsubscribe THEN the channel is gone from the list, and a second unsubscribe says so', async () => {
    expect((await digest('unsubscribe', { channel: LETTERS }).reply()).content).toBe(
      'Digest stopped for <#300000000000000002>.',
    );
    expect((await digest('unsubscribe', { channel: LETTERS }).reply()).content).toBe(
      '<#300000000000000002> has no digest.',
    );
    expect(textOf(await digest('list').reply())).not.toContain('<#300000000000000002>');
  });
});
