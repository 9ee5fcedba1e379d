import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { STORE_DOWN_MESSAGE } from '../../src/discord/router.js';
import { type Bot, startBot } from '../discord/harness.js';
import { button, textOf } from '../discord/view.js';
import { PERMISSIONS } from '../fakes/fake-discord.js';
import { lookupRound } from './lookups.js';
import { freePort, RedisProcess, redisServerAvailable } from './redis-process.js';

const admin = { permissions: PERMISSIONS.admin };
const CHANNEL = '300000000000000001';
const noRedis = await redisServerAvailable();
const logLines = (bot: Bot, message: RegExp) => bot.logs.filter((l) => message.test(String(l.msg)));

/** An admin subscribes `channel` to the daily digest; the reply. */
const subscribe = (bot: Bot, channel: string, time = '09:00') =>
  bot.discord
    .sendCommand(
      'digest',
      { channel, time, timezone: 'Europe/Berlin' },
      { subcommand: 'subscribe', ...admin },
    )
    .reply();

/** Three rounds of lookups, paging and /ask, every one answered. */
async function expectLookupsAnswered(bot: Bot): Promise<void> {
  const failed: string[] = [];
  for (let round = 0; round < 3; round++) failed.push(...(await lookupRound(bot, round)).failed);
  expect(failed).toEqual([]);
}

/** The outage was logged once, as a warning, and nothing as an error. */
function expectOutageLoggedOnce(bot: Bot): void {
  expect(logLines(bot, /^store unavailable/).map((l) => l.level)).toEqual([40]);
  expect(bot.logs.filter((l) => Number(l.level) >= 50)).toEqual([]);
}

describe.skipIf(noRedis !== undefined)(
  `the bot on a Redis of its own${noRedis ? ` (skipped: ${noRedis})` : ''}`,
  () => {
    let dir: string;
    let redis: RedisProcess;
    let bot: Bot;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'dossier-redis-'));
      redis = new RedisProcess(await freePort(), dir);
      await redis.start();
      bot = await startBot({ storeUrl: redis.url, digests: true, env: { ASK_USER_LIMIT: '1000' } });
    }, 30_000);
    afterAll(async () => {
      await bot?.stop();
      await redis?.kill();
      await rm(dir, { recursive: true, force: true });
    });

    test('GIVEN a subscription WHEN Redis is killed and restarted THEN lookups, paging and /ask answer throughout, the outage is logged once at warn, and the subscription survives', async () => {
      const subscribed = await subscribe(bot, CHANNEL);
      expect(subscribed.content).toMatch(/Daily digest set/);
      const before = await bot.discord.sendCommand('search', { query: 'face recognition' }).reply();
      const answer = await bot.discord
        .sendCommand('ask', { question: 'Who signed the 2019 coalition letters?' })
        .reply();

      await redis.kill();
      let tried = 0;
      const failed: string[] = [];
      for (let round = 0; round < 8; round++) {
        const r = await lookupRound(bot, round);
        tried += r.tried;
        failed.push(...r.failed);
      }
      expect(failed).toEqual([]);
      expect(tried).toBe(32);
      // Paging state written before the outage is in Redis, which is gone: the button says so, politely.
      const old = await bot.discord.pressButton(before.id, button(before, /Next/).customId ?? '').reply();
      expect(old.ephemeral).toBe(true);
      expect(textOf(old)).not.toMatch(/Something went wrong/);
      // What needs the store says so in one line, and nothing is half-done.
      const list = await bot.discord.sendCommand('digest', {}, { subcommand: 'list', ...admin }).reply();
      expect(list.content).toBe(STORE_DOWN_MESSAGE);
      const vote = await bot.discord
        .pressButton(answer.id, button(answer, /^Helpful$/).customId ?? '')
        .reply();
      expect(vote.content).toMatch(/votes can't be saved right now/);

      await redis.start();
      await vi.waitFor(
        async () => {
          const back = await bot.discord.sendCommand('digest', {}, { subcommand: 'list', ...admin }).reply();
          expect(textOf(back)).toContain(`<#${CHANNEL}>`);
        },
        { timeout: 10_000, interval: 250 },
      );
      const after = await lookupRound(bot, 99);
      expect(after.failed).toEqual([]);
      expectOutageLoggedOnce(bot);
      expect(logLines(bot, /^store available again/)).toHaveLength(1);
    }, 60_000);
  },
);

// Root ignores file modes, so the read-only case can only be shown as another user.
const root = process.getuid?.() === 0;
describe.skipIf(root)(
  `the bot on a SQLite file that became read-only${root ? ' (skipped: running as root, which ignores file modes)' : ''}`,
  () => {
    let dir: string;
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    test('GIVEN a subscription WHEN the file is made read-only and the bot restarts THEN lookups, paging and /ask answer, the subscription is listed, and a new one is refused in one line', async () => {
      dir = await mkdtemp(join(tmpdir(), 'dossier-sqlite-ro-'));
      const file = join(dir, 'dossier.sqlite');
      const first = await startBot({ storeUrl: `sqlite://${file}`, digests: true });
      await subscribe(first, CHANNEL);
      await first.stop();
      await chmod(file, 0o444);
      await chmod(dir, 0o555);
      const bot = await startBot({
        storeUrl: `sqlite://${file}`,
        digests: true,
        env: { ASK_USER_LIMIT: '1000' },
      });
      try {
        await expectLookupsAnswered(bot);
        const list = await bot.discord.sendCommand('digest', {}, { subcommand: 'list', ...admin }).reply();
        expect(textOf(list)).toContain(`<#${CHANNEL}>`);
        const refused = await subscribe(bot, CHANNEL, '10:00');
        expect(refused.content).toBe(STORE_DOWN_MESSAGE);
        expectOutageLoggedOnce(bot);
      } finally {
        await bot.stop();
        await chmod(dir, 0o755);
      }
    }, 60_000);
  },
);

describe('the bot on a SQLite path that cannot be opened', () => {
  test('GIVEN the store folder is a regular file WHEN the bot starts THEN lookups, paging and /ask answer, /digest says in one line that it cannot, and the outage is logged once', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dossier-sqlite-bad-'));
    await writeFile(join(dir, 'data'), 'not a folder');
    const bot = await startBot({
      storeUrl: `sqlite://${join(dir, 'data', 'dossier.sqlite')}`,
      digests: true,
      env: { ASK_USER_LIMIT: '1000' },
    });
    try {
      await expectLookupsAnswered(bot);
      const list = await bot.discord.sendCommand('digest', {}, { subcommand: 'list', ...admin }).reply();
      expect(list.content).toBe(STORE_DOWN_MESSAGE);
      expectOutageLoggedOnce(bot);
    } finally {
      await bot.stop();
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('the bot on a SQLite file that is deleted while it runs', () => {
  test('GIVEN subscriptions WHEN the file is deleted THEN the bot says so loudly, lookups go on, and after a restart every subscription is still listed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dossier-sqlite-rm-'));
    const file = join(dir, 'dossier.sqlite');
    const channels = ['300000000000000001', '300000000000000002', '300000000000000003'];
    const guild = { id: '200000000000000001', name: 'Coalition', channels };
    const first = await startBot({ storeUrl: `sqlite://${file}`, digests: true, fake: { guilds: [guild] } });
    try {
      for (const channel of channels) await subscribe(first, channel);
      for (const f of [file, `${file}-wal`, `${file}-shm`]) await rm(f, { force: true });
      await vi.waitFor(() => expect(logLines(first, /the file was deleted/)).toHaveLength(1), {
        timeout: 5_000,
      });
      expect(String(logLines(first, /the file was deleted/)[0]?.msg)).toMatch(/\(3 digest subscriptions\)/);
      expect((await lookupRound(first, 0)).failed).toEqual([]);
    } finally {
      await first.stop();
    }
    const second = await startBot({ storeUrl: `sqlite://${file}`, digests: true, fake: { guilds: [guild] } });
    try {
      const list = await second.discord.sendCommand('digest', {}, { subcommand: 'list', ...admin }).reply();
      for (const channel of channels) expect(textOf(list)).toContain(`<#${channel}>`);
    } finally {
      await second.stop();
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
