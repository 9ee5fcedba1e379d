import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { digestTick } from '../../src/cli/digest-tick.js';
import { DigestService } from '../../src/digest/digest-service.js';
import { createStore } from '../../src/store/create-store.js';
import { startFakeRest, unknownChannel } from './fake-rest.js';
import { fixtureLibrary } from './fixture-library.js';
import { recordingLogger, recordingPoster } from './recording-poster.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'dossier-tick-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const GUILD = '100000000000000001';
const OK = '200000000000000001';
const DELETED = '200000000000000002';

async function tickCli(env: Record<string, string>, now?: string) {
  const args = ['src/cli/main.ts', 'digest', 'tick', ...(now ? ['--now', now] : [])];
  return run('node_modules/.bin/tsx', args, { env: { ...process.env, LOG_LEVEL: 'silent', ...env } }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => ({
      code: e.code,
      stdout: e.stdout,
      stderr: e.stderr,
    }),
  );
}

describe('dossier digest tick', () => {
  it('GIVEN subscriptions in the store WHEN ticked twice for the same minute THEN each due digest is posted once and a deleted channel is reported', async () => {
    const storeUrl = `sqlite://${join(dir, 'tick.sqlite')}`;
    const store = await createStore(storeUrl);
    const service = new DigestService(
      {
        store,
        library: fixtureLibrary,
        poster: recordingPoster().poster,
        logger: recordingLogger().logger,
        instanceId: 'setup',
      },
      () => new Date('2026-11-20T00:00:00Z'),
    );
    await service.subscribe({
      guildId: GUILD,
      channelId: OK,
      time: '09:00',
      timezone: 'Europe/Berlin',
      nothingNewNote: true,
    });
    await service.subscribe({
      guildId: GUILD,
      channelId: DELETED,
      time: '03:00',
      timezone: 'America/New_York',
    });
    await store.close();
    const fake = await startFakeRest((channel) => (channel === DELETED ? unknownChannel : undefined));
    try {
      const env = {
        STORE_URL: storeUrl,
        DISCORD_TOKEN: 'test-token',
        DISCORD_API_URL: fake.api,
        KNOWLEDGE_DIR: 'test/fixtures/knowledge',
      };
      const [first, second] = await Promise.all([
        tickCli(env, '2026-11-22T08:00:00Z'),
        tickCli(env, '2026-11-22T08:00:00Z'),
      ]);
      expect(fake.messages.filter((m) => m.channelId === OK)).toHaveLength(1);
      expect(fake.messages.filter((m) => m.channelId === DELETED)).toHaveLength(0);
      const out = first.stdout + second.stdout;
      expect(out).toMatch(/digest tick 2026-11-22T08:00:00.000Z: 2 subscriptions/);
      expect(out).toContain(`${GUILD}:${OK} 2026-11-22: sent (1 message)`);
      expect(out).toMatch(new RegExp(`${GUILD}:${DELETED} 2026-11-22: broken: the channel no longer exists`));
      expect([first.code, second.code]).toContain(1);
    } finally {
      await fake.close();
    }
  });

  it('GIVEN a bad --now or no token THEN it says what is wrong and exits non-zero', async () => {
    const errors: string[] = [];
    const out = () => {};
    const err = (line: string) => errors.push(line);
    expect(await digestTick('yesterday', { DISCORD_TOKEN: 'x' }, out, err)).toBe(2);
    expect(await digestTick('2026-11-22T08:00:00Z', { DISCORD_TOKEN: '' }, out, err)).toBe(1);
    expect(
      await digestTick('2026-11-22T08:00:00Z', { DISCORD_TOKEN: 'x', STORE_URL: 'mongodb://x' }, out, err),
    ).toBe(1);
    expect(errors).toEqual([
      'dossier: --now: expected an ISO-8601 instant like 2026-11-22T08:00:00Z, got "yesterday"',
      'dossier: digest tick: DISCORD_TOKEN is not set; digests are posted with the bot token',
      'dossier: store: STORE_URL: expected sqlite://path, redis://host:port, postgres://host/db or memory://, got "mongodb://x"',
    ]);
  });
});
