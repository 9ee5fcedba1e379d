import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DigestService } from '../../src/digest/digest-service.js';
import { localTime } from '../../src/digest/zoned-time.js';
import { createStore } from '../../src/store/create-store.js';
import { type FakeDiscord, startFakeDiscord } from '../fakes/fake-discord.js';
import { recordingLogger, recordingPoster } from './recording-poster.js';

const dir = mkdtempSync(join(tmpdir(), 'dossier-bot-digest-'));
let discord: FakeDiscord | undefined;
let bot: ChildProcess | undefined;
afterAll(async () => {
  if (bot && bot.exitCode === null) bot.kill('SIGKILL');
  await discord?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('npm start with digests', () => {
  it('GIVEN a digest whose time passed an hour ago while the bot was down WHEN the bot starts THEN it is posted once, and the bot shuts down cleanly', async () => {
    discord = await startFakeDiscord();
    const storeUrl = `sqlite://${join(dir, 'state.sqlite')}`;
    const store = await createStore(storeUrl);
    const anHourAgo = localTime(new Date(Date.now() - 3_600_000), 'UTC');
    const service = new DigestService(
      {
        store,
        library: () => {
          throw new Error('not used');
        },
        poster: recordingPoster().poster,
        logger: recordingLogger().logger,
        instanceId: 'setup',
      },
      () => new Date(Date.now() - 2 * 86_400_000),
    );
    await service.subscribe({
      guildId: '200000000000000001',
      channelId: '300000000000000007',
      time: `${String(anHourAgo.hour).padStart(2, '0')}:${String(anHourAgo.minute).padStart(2, '0')}`,
      timezone: 'UTC',
      nothingNewNote: true,
    });
    await store.close();

    let out = '';
    bot = spawn(join('node_modules', '.bin', 'tsx'), ['src/index.ts'], {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        DISCORD_TOKEN: discord.token,
        DISCORD_CLIENT_ID: discord.applicationId,
        DISCORD_API_URL: discord.apiBase,
        KNOWLEDGE_DIR: 'test/fixtures/knowledge',
        STORE_URL: storeUrl,
        SHARD_COUNT: '1',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    bot.stdout?.on('data', (d) => {
      out += String(d);
    });
    bot.stderr?.on('data', (d) => {
      out += String(d);
    });
    await discord.waitForChannelMessages(1, 20_000);
    await discord.waitForReady(1, 20_000);
    bot.kill('SIGTERM');
    const [code] = await once(bot, 'exit');
    expect(code).toBe(0);
    expect(discord.channelMessages.map((m) => m.channelId)).toEqual(['300000000000000007']);
    expect(out).toMatch(/"msg":"digest sent"/);
  }, 40_000);
});
