import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DigestService } from '../../src/digest/digest-service.js';
import { createRestPoster } from '../../src/digest/rest-poster.js';
import { createStore } from '../../src/store/create-store.js';
import type { Store } from '../../src/store/types.js';
import { type FakeDiscord, startFakeDiscord } from '../fakes/fake-discord.js';
import { redisAvailable } from '../store/redis-available.js';
import { fixtureLibrary } from './fixture-library.js';
import { recordingLogger } from './recording-poster.js';

const redis = await redisAvailable();
const GUILD = '200000000000000001';
/** Local times that are all 08:00 UTC on 22 November 2026. */
const ZONES = [
  ['Europe/Berlin', '09:00'],
  ['Europe/London', '08:00'],
  ['America/New_York', '03:00'],
  ['Asia/Tokyo', '17:00'],
  ['Asia/Kolkata', '13:30'],
  ['UTC', '08:00'],
] as const;

describe.skipIf(redis.skip !== undefined)(
  `exactly once with a shared Redis${redis.skip ? ` (skipped: ${redis.skip})` : ''}`,
  () => {
    let discord: FakeDiscord;
    const stores: Store[] = [];
    beforeAll(async () => {
      discord = await startFakeDiscord();
    });
    afterAll(async () => {
      for (const s of stores) await s.close();
      await discord?.stop();
    });

    it('GIVEN three schedulers with their own Redis connections WHEN they tick the same minutes THEN each digest is posted once', async () => {
      const keyPrefix = `dossier-test:${randomUUID()}:`;
      const now = new Date('2026-11-22T08:00:00Z');
      // Subscribed the day before, so today's digest is owed.
      let clock = new Date('2026-11-21T00:00:00Z');
      const schedulers: DigestService[] = [];
      for (const name of ['bot-a', 'bot-b', 'cron']) {
        const store = await createStore(redis.url ?? '', { keyPrefix });
        stores.push(store);
        schedulers.push(
          new DigestService(
            {
              store,
              library: fixtureLibrary,
              // Each process has its own REST client, as separate processes would.
              poster: createRestPoster({ token: discord.token, apiUrl: discord.apiBase }),
              logger: recordingLogger().logger,
              instanceId: name,
            },
            () => clock,
          ),
        );
      }
      const channels = Array.from({ length: 30 }, (_, i) => `3000000000000${String(10000 + i)}`);
      const [first] = schedulers;
      for (const [i, channelId] of channels.entries()) {
        const [timezone, time] = ZONES[i % ZONES.length] ?? ZONES[0];
        await first?.subscribe({ guildId: GUILD, channelId, time, timezone, nothingNewNote: true });
      }
      clock = now;

      const minute = (m: number) => new Date(now.getTime() + m * 60_000);
      const reports = [];
      for (const m of [0, 1, 2])
        reports.push(...(await Promise.all(schedulers.map((s) => s.scheduler.tick(minute(m))))));

      const perChannel = new Map<string, number>();
      for (const message of discord.channelMessages)
        perChannel.set(message.channelId, (perChannel.get(message.channelId) ?? 0) + 1);
      expect([...perChannel.keys()].sort()).toEqual([...channels].sort());
      expect([...perChannel.values()].every((n) => n === 1)).toBe(true);
      const sent = reports.flatMap((r) => r?.results ?? []).filter((r) => r.outcome === 'sent');
      expect(sent).toHaveLength(30);
      expect(discord.violations).toEqual([]);
    });
  },
);
