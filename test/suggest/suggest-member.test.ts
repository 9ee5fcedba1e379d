import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { type Bot, expectCleanRun, startBot } from '../discord/harness.js';
import { button, textOf } from '../discord/view.js';
import { modalFields } from '../fakes/fake-discord.js';
import { type FakeWeb, startFakeWeb } from '../fakes/fake-web.js';

const REPORT_URL = 'https://www.example-rights.org/reports/face-scans-in-schools';
const REPORT_PAGE = `<!doctype html><html><head>
<title>Face scans in schools | Example Rights</title>
<meta property="og:title" content="Face Scans in Schools: A 2025 Survey">
<meta property="og:site_name" content="Example Rights Project">
<script type="application/ld+json">{"@type":"Report","datePublished":"2025-03-14T09:00:00Z","publisher":{"name":"Example Rights Project"}}</script>
<script>document.write('never run')</script>
</head><body>…</body></html>`;

const member = { id: '400000000000000031', username: 'ana' };
const other = { id: '400000000000000032', username: 'bo' };

let bot: Bot;
let web: FakeWeb;
beforeAll(async () => {
  web = await startFakeWeb();
  web.pages.set('www.example-rights.org/reports/face-scans-in-schools', { body: REPORT_PAGE });
  bot = await startBot({
    fetchPage: web.fetch,
    env: {
      SUGGEST_USER_LIMIT: '3',
      SUGGEST_DENIED_HOSTS: 'spam.example.com',
      SUGGEST_FETCH_TIMEOUT_MS: '300',
    },
  });
});
afterAll(async () => {
  await bot?.stop();
  await web?.stop();
});
afterEach(() => expectCleanRun(bot, 50));

describe('/suggest source', () => {
  test('GIVEN a member WHEN they run /suggest source THEN a form asks for the link, what it is, what it says and the entry it updates', async () => {
    const modal = await bot.discord
      .sendCommand('suggest', {}, { subcommand: 'source', user: member })
      .modal();
    expect(modal.title).toBe('Suggest a source');
    const fields = modalFields(modal);
    expect(fields.map((f) => f.custom_id)).toEqual(['link', 'type', 'note', 'updates']);
    expect(fields.find((f) => f.custom_id === 'type')?.options?.map((o) => o.value)).toContain('report');
    expect(fields.find((f) => f.custom_id === 'updates')?.required).toBe(false);
  });

  test('GIVEN the form filled in WHEN submitted THEN the member is thanked privately with what the page says about itself', async () => {
    const shown = bot.discord.sendCommand('suggest', {}, { subcommand: 'source', user: member });
    await shown.modal();
    const submit = bot.discord.submitModal(shown, {
      link: `${REPORT_URL}?utm_source=newsletter`,
      type: ['report'],
      note: 'A survey of 300 school districts finds one in eight uses face recognition on students.',
    });
    const reply = await submit.reply();
    expect(submit.callbacks[0]?.type).toBe(5); // deferred while the page is read
    expect(reply.ephemeral).toBe(true);
    const text = textOf(reply);
    expect(text).toMatch(/your suggestion is in the curators’ inbox/);
    expect(text).toContain(
      'The page says: **Face Scans in Schools: A 2025 Survey** (Example Rights Project), 2025-03-14.',
    );
    const mine = await bot.ctx.suggestions?.mine(bot.discord.guilds[0]?.id ?? '', member.id);
    expect(mine?.[0]?.normalizedUrl).toBe('https://example-rights.org/reports/face-scans-in-schools');
  });

  test('GIVEN the same page with www dropped and a trailing slash WHEN another member suggests it THEN they are told it is already in the inbox', async () => {
    const shown = bot.discord.sendCommand('suggest', {}, { subcommand: 'source', user: other });
    await shown.modal();
    const reply = await bot.discord
      .submitModal(shown, {
        link: 'http://example-rights.org/reports/face-scans-in-schools/#summary',
        type: ['report'],
        note: 'Same survey, seen on social media this morning.',
      })
      .reply();
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toMatch(/That link was already suggested \(suggestion `[0-9a-f]{8}`, open\)/);
  });

  test('GIVEN a link already a source of an entry WHEN suggested THEN the member is pointed at that entry', async () => {
    const shown = bot.discord.sendCommand('suggest', {}, { subcommand: 'source', user: other });
    await shown.modal();
    const reply = await bot.discord
      .submitModal(shown, {
        link: 'https://ilga.gov/legislation/ilcs/ilcs3.asp?ChapterID=57&ActID=3004',
        type: ['law'],
        note: 'The Illinois biometric privacy act itself.',
      })
      .reply();
    expect(reply.content).toMatch(
      /already a source of \*\*Illinois Biometric Information Privacy Act \(BIPA\)\*\* \(`illinois-bipa`\)/,
    );
  });

  test('GIVEN a malformed link WHEN submitted THEN the member reads what is wrong and gets their text back in the form', async () => {
    const shown = bot.discord.sendCommand('suggest', {}, { subcommand: 'source', user: other });
    await shown.modal();
    const note = 'The council voted 7-2 to ban face recognition by city agencies.';
    const reply = await bot.discord
      .submitModal(shown, { link: 'council.example.gov/vote', type: ['event'], note })
      .reply();
    expect(reply.content).toMatch(
      /Your suggestion was not sent:\n• link: expected a URL starting with https:\/\//,
    );
    const again = bot.discord.pressButton(reply.id, button(reply, /Fix and send again/).customId ?? '', {
      user: other,
    });
    const modal = await again.modal();
    const fields = modalFields(modal);
    expect(fields.find((f) => f.custom_id === 'note')?.value).toBe(note);
    expect(fields.find((f) => f.custom_id === 'link')?.value).toBe('council.example.gov/vote');
    expect(fields.find((f) => f.custom_id === 'type')?.options?.find((o) => o.default)?.value).toBe('event');
  });

  test('GIVEN a host on the deny list WHEN suggested THEN it is refused with the reason', async () => {
    const shown = bot.discord.sendCommand('suggest', {}, { subcommand: 'source', user: other });
    await shown.modal();
    const reply = await bot.discord
      .submitModal(shown, {
        link: 'https://news.spam.example.com/x',
        type: ['report'],
        note: 'A very important report.',
      })
      .reply();
    expect(reply.content).toContain("link: news.spam.example.com is on this server's list of refused sites");
  });

  test('GIVEN a page that does not answer in time WHEN suggested THEN it is kept and the member is told the page could not be read', async () => {
    web.pages.set('slow.example.org/statement', { body: '<title>Slow</title>', delayMs: 2000 });
    const shown = bot.discord.sendCommand('suggest', {}, { subcommand: 'source', user: other });
    await shown.modal();
    const reply = await bot.discord
      .submitModal(shown, {
        link: 'https://slow.example.org/statement',
        type: ['statement'],
        note: 'The company paused its face search product.',
      })
      .reply();
    expect(textOf(reply)).toMatch(
      /I could not read the page \(the page did not answer within 0.3 s\); it is saved anyway/,
    );
  });

  test('GIVEN a member at their limit WHEN they suggest again THEN only they are told when to retry', async () => {
    for (const n of [1, 2]) {
      const shown = bot.discord.sendCommand('suggest', {}, { subcommand: 'source', user: member });
      await shown.modal();
      await bot.discord
        .submitModal(shown, {
          link: `https://news.example.org/story-${n}`,
          type: ['report'],
          note: `Story number ${n} about face scans.`,
        })
        .reply();
    }
    const shown = bot.discord.sendCommand('suggest', {}, { subcommand: 'source', user: member });
    await shown.modal();
    const reply = await bot.discord
      .submitModal(shown, {
        link: 'https://news.example.org/story-3',
        type: ['report'],
        note: 'Story number 3 about face scans.',
      })
      .reply();
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toMatch(
      /You have made the maximum number of suggestions for now\. Try again <t:\d+:R>\./,
    );
  });

  test('GIVEN an entry picked with autocomplete WHEN the form opens THEN it names that entry', async () => {
    const choices = await bot.discord
      .sendAutocomplete('suggest', { updates: 'bipa' }, 'updates', { subcommand: 'source' })
      .choices();
    expect(choices[0]?.value).toBe('illinois-bipa');
    const modal = await bot.discord
      .sendCommand('suggest', { updates: 'illinois-bipa' }, { subcommand: 'source', user: other })
      .modal();
    expect(modalFields(modal).find((f) => f.custom_id === 'updates')?.value).toBe('illinois-bipa');
  });

  test('GIVEN suggestions made WHEN the member runs /suggest status THEN they see each with its state', async () => {
    const reply = await bot.discord
      .sendCommand('suggest', {}, { subcommand: 'status', user: member })
      .reply();
    expect(reply.ephemeral).toBe(true);
    const text = textOf(reply);
    expect(text).toMatch(/Your suggestions/);
    expect(text).toMatch(
      /\*\*waiting for a curator\*\* · https:\/\/www\.example-rights\.org\/reports\/face-scans-in-schools/,
    );
    expect(text.match(/waiting for a curator/g)).toHaveLength(3);
  });
});

describe('Suggest as a source (message context menu)', () => {
  test('GIVEN a message with a link WHEN a member picks "Suggest as a source" THEN the form opens with the link and the message text', async () => {
    const shown = bot.discord.sendMessageCommand(
      'Suggest as a source',
      {
        content:
          'Big news: https://www.example-city.gov/council/vote-2025-11 the council banned police face recognition today',
      },
      { user: other },
    );
    const modal = await shown.modal();
    const fields = modalFields(modal);
    expect(fields.find((f) => f.custom_id === 'link')?.value).toBe(
      'https://www.example-city.gov/council/vote-2025-11',
    );
    expect(fields.find((f) => f.custom_id === 'note')?.value).toBe(
      'Big news: the council banned police face recognition today',
    );
    const reply = await bot.discord.submitModal(shown, { type: ['event'] }).reply();
    expect(textOf(reply)).toMatch(/your suggestion is in the curators’ inbox/);
    const mine = await bot.ctx.suggestions?.mine(bot.discord.guilds[0]?.id ?? '', other.id);
    expect(mine?.find((s) => s.url.includes('example-city'))?.fromMessage?.channelId).toBe(
      bot.discord.guilds[0]?.channels[0],
    );
  });

  test('GIVEN a message without a link WHEN "Suggest as a source" is picked THEN the member is told privately', async () => {
    const reply = await bot.discord
      .sendMessageCommand('Suggest as a source', { content: 'no links here' })
      .reply();
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toMatch(/That message has no link to suggest/);
  });
});
