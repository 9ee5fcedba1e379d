import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { createMemoryStore } from '../../src/store/memory-store.js';
import { finishInterruptedPublications } from '../../commands/suggest-inbox.js';
import { createGitHubPublisher } from '../../src/suggest/publish-github.js';
import type { Publisher } from '../../src/suggest/publish.js';
import { type Bot, startBot } from '../discord/harness.js';
import { button, textOf } from '../discord/view.js';
import { type FakeMessage, PERMISSIONS } from '../fakes/fake-discord.js';
import { type FakeGitHub, startFakeGitHub } from '../fakes/fake-github.js';
import { type FakeWeb, startFakeWeb } from '../fakes/fake-web.js';
import { pageHtml, suggestViaDiscord } from './helpers.js';

const TOKEN = 'ghp_test_token';
const member = { id: '400000000000000061', username: 'dee' };
const curator = { id: '400000000000000069', username: 'curator' };

let web: FakeWeb;
let github: FakeGitHub;
beforeAll(async () => {
  web = await startFakeWeb();
  for (const n of [1, 2, 3, 4, 5])
    web.pages.set(`www.example-rights.org/reports/r${n}`, {
      body: pageHtml({
        title: `Face Recognition Audit ${n}`,
        site: 'Example Rights Project',
        date: `2025-0${n}-10`,
      }),
    });
  github = await startFakeGitHub({ owner: 'coalition', repo: 'knowledge', token: TOKEN });
});
afterAll(async () => {
  await web?.stop();
  await github?.stop();
});

const env = () => ({
  PUBLISH_MODE: 'github',
  GITHUB_TOKEN: TOKEN,
  GITHUB_REPOSITORY: 'coalition/knowledge',
  GITHUB_API_URL: github.url,
});

async function acceptFirst(bot: Bot): Promise<FakeMessage> {
  const inbox = await bot.discord
    .sendCommand('kb', {}, { subcommand: 'inbox', user: curator, permissions: PERMISSIONS.admin })
    .reply();
  await bot.discord
    .pressButton(inbox.id, button(inbox, /Accept/).customId ?? '', {
      user: curator,
      permissions: PERMISSIONS.admin,
    })
    .reply();
  return bot.discord.messages.get(inbox.id) as FakeMessage;
}

async function publish(bot: Bot, inbox: FakeMessage, note?: string): Promise<string> {
  const shown = bot.discord.pressButton(inbox.id, button(inbox, /^Publish$/).customId ?? '', {
    user: curator,
    permissions: PERMISSIONS.admin,
  });
  await shown.modal();
  const submit = bot.discord.submitModal(shown, note ? { note } : {});
  await submit.until('update', () => (submit.edits.length ? true : undefined), 10_000);
  return textOf(bot.discord.messages.get(inbox.id) as FakeMessage);
}

describe('PUBLISH_MODE=github', () => {
  let bot: Bot;
  beforeAll(async () => {
    bot = await startBot({ fetchPage: web.fetch, env: env() });
  });
  afterAll(async () => bot?.stop());
  afterEach(() => {
    expect(bot.discord.violations).toEqual([]);
    expect(bot.logs.filter((l) => Number(l.level) >= 50)).toEqual([]);
  });

  test('GIVEN an accepted suggestion WHEN the curator publishes THEN a pull request carries the entry on a branch named after it, with the member’s words and the curator’s note, and the base is unchanged until it is merged', async () => {
    const { submit } = await suggestViaDiscord(bot, member, {
      link: 'https://www.example-rights.org/reports/r1',
      type: 'report',
      note: 'An audit of face recognition use by twelve police departments.',
    });
    const inbox = await acceptFirst(bot);
    const before = bot.ctx.knowledge().library.version;
    const text = await publish(bot, inbox, 'Read the whole audit; numbers match.');
    const suggestion = (await bot.ctx.suggestions?.mine(bot.discord.guilds[0]?.id ?? '', member.id))?.[0];
    const branch = `kb/face-recognition-audit-1-${suggestion?.id ?? ''}`;
    expect(text).toContain(
      'Published: proposed as a pull request: https://github.com/coalition/knowledge/pull/1.',
    );
    expect([...github.branches.keys()]).toEqual(['main', branch]);
    const file = github.files.get(branch)?.get('knowledge/reports/face-recognition-audit-1.md');
    expect(file).toMatch(
      /^---\nid: face-recognition-audit-1\ntype: report\ntitle: Face Recognition Audit 1\ndate: 2025-01-10\n/,
    );
    expect(github.files.get('main')?.has('knowledge/reports/face-recognition-audit-1.md')).toBe(false);
    expect(github.pulls).toHaveLength(1);
    expect(github.pulls[0]).toMatchObject({
      head: branch,
      base: 'main',
      title: 'New entry: face-recognition-audit-1',
      state: 'open',
    });
    expect(github.pulls[0]?.body).toContain(
      '> An audit of face recognition use by twelve police departments.',
    );
    expect(github.pulls[0]?.body).toContain("**Curator's note:**\n> Read the whole audit; numbers match.");
    expect(bot.ctx.knowledge().library.version).toBe(before);
    expect(bot.ctx.knowledge().library.get('face-recognition-audit-1')).toBeUndefined();
    expect(String(submit.followUps.at(-1)?.data.content)).toContain(
      'is proposed for the knowledge base (https://github.com/coalition/knowledge/pull/1) and will be served once merged',
    );
  });

  test('GIVEN GitHub refuses the token, then write access, then the file moved WHEN the curator publishes THEN each refusal is shown with its reason and the suggestion stays in the inbox; once fixed it publishes once', async () => {
    await suggestViaDiscord(bot, member, {
      link: 'https://www.example-rights.org/reports/r2',
      type: 'report',
      note: 'A second audit, of state agencies this time.',
    });
    const inbox = await acceptFirst(bot);
    github.token = 'rotated';
    let text = await publish(bot, inbox);
    expect(text).toContain(
      'Not published: GitHub refused the token (401 Bad credentials): check GITHUB_TOKEN. The suggestion stays in the inbox.',
    );
    expect(text).toMatch(/Last attempt failed\nGitHub refused the token/);
    github.token = TOKEN;
    github.readOnly = true;
    text = await publish(bot, bot.discord.messages.get(inbox.id) as FakeMessage);
    expect(text).toContain(
      'GitHub refused: the token may not write to this repository (403 Resource not accessible by personal access token)',
    );
    github.readOnly = false;
    github.script(409);
    text = await publish(bot, bot.discord.messages.get(inbox.id) as FakeMessage);
    expect(text).toMatch(
      /GitHub: conflict \(409 knowledge\/reports\/face-recognition-audit-2\.md does not match [0-9a-f]+\); try again/,
    );
    expect(text).toMatch(/Suggestion 1 of 1: report \(drafted\)/);
    text = await publish(bot, bot.discord.messages.get(inbox.id) as FakeMessage);
    expect(text).toContain(
      'Published: proposed as a pull request: https://github.com/coalition/knowledge/pull/2.',
    );
    expect(github.pulls.filter((p) => p.title.endsWith('face-recognition-audit-2'))).toHaveLength(1);
  });
});

describe('a restart in the middle of an accept', () => {
  test('GIVEN the bot stops after GitHub took the change but before it was recorded WHEN it starts again THEN it finishes publishing: one branch, one commit, one pull request, the member told', async () => {
    const store = createMemoryStore();
    const real = createGitHubPublisher({
      token: TOKEN,
      owner: 'coalition',
      repo: 'knowledge',
      apiUrl: github.url,
      knowledgePath: 'knowledge',
    });
    // The process "dies" right after GitHub answered: the outcome is never recorded.
    const dying: Publisher = {
      mode: 'github',
      async publish(change) {
        await real.publish(change);
        throw new Error('process killed');
      },
    };
    const first = await startBot({
      fetchPage: web.fetch,
      env: env(),
      store,
      publisher: dying,
      publishLockMs: 100,
    });
    let id = '';
    try {
      await suggestViaDiscord(first, member, {
        link: 'https://www.example-rights.org/reports/r3',
        type: 'report',
        note: 'A third audit, of transit agencies.',
      });
      const inbox = await acceptFirst(first);
      const text = await publish(first, inbox);
      expect(text).toMatch(/Something went wrong on our side/);
      const [s] = (await first.ctx.suggestions?.inbox(first.discord.guilds[0]?.id ?? '')) ?? [];
      expect(s?.status).toBe('publishing'); // recorded before the effect: nothing lost
      id = s?.id ?? '';
    } finally {
      await first.stop();
    }
    const writesBefore = github.requests.filter((r) => r.method === 'PUT').length;
    const second = await startBot({ fetchPage: web.fetch, env: env(), store, publishLockMs: 300 });
    try {
      // A killed process never releases its hold on the suggestion: until it lapses, nothing is taken over.
      const guildId = second.discord.guilds[0]?.id ?? '';
      await store.claim(`suggest:lock:${guildId}:${id}`, { by: 'killed' }, 300);
      expect(await finishInterruptedPublications(second.ctx, second.client)).toEqual([]);
      await new Promise((resolve) => setTimeout(resolve, 350));
      const resumed = await finishInterruptedPublications(second.ctx, second.client);
      expect(resumed.map((s) => s.status)).toEqual(['published']);
      const branch = `kb/face-recognition-audit-3-${id}`;
      expect([...github.branches.keys()].filter((b) => b === branch)).toHaveLength(1);
      expect(github.requests.filter((r) => r.method === 'PUT').length).toBe(writesBefore); // identical file: not written again
      expect(
        github.requests.filter((r) => r.method === 'PUT' && r.path.endsWith('face-recognition-audit-3.md')),
      ).toHaveLength(1);
      expect(github.pulls.filter((p) => p.head === branch)).toHaveLength(1);
      expect(await second.ctx.suggestions?.inbox(second.discord.guilds[0]?.id ?? '')).toEqual([]);
      expect(resumed[0]?.outcome).toContain(
        `proposed as a pull request: ${github.pulls.find((p) => p.head === branch)?.html_url ?? ''}`,
      );
      // Its interaction belonged to the stopped process's session: the member hears by DM.
      expect(
        String(second.discord.directMessages.find((d) => d.userId === member.id)?.body.content),
      ).toContain('https://www.example-rights.org/reports/r3 was accepted');
    } finally {
      await second.stop();
      await store.close();
    }
  });
});
