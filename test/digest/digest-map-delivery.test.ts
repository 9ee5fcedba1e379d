import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DigestService } from '../../src/digest/digest-service.js';
import { createRestPoster } from '../../src/digest/rest-poster.js';
import { type DigestDeps, runDigestTick } from '../../src/digest/run-digest-tick.js';
import { DigestState, keys } from '../../src/digest/subscription.js';
import { createPictureCache } from '../../src/pictures/picture-cache.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import { type FakeDiscord, startFakeDiscord } from '../fakes/fake-discord.js';
import {
  bipa,
  bipaBefore,
  DUE,
  GUILD,
  PNG_SIGNATURE,
  SUBSCRIBED,
  seen,
  texas,
} from './digest-map-fixtures.js';
import { libraryOf } from './fixture-library.js';
import { forbidden, recordingLogger, recordingPoster } from './recording-poster.js';

// The digest map's delivery outside the plain scheduled post: Discord refusing the file, an admin's
// preview and send-now, and a process dying between the text and the map.

let discord: FakeDiscord;
beforeAll(async () => {
  discord = await startFakeDiscord();
}, 20_000);
afterAll(async () => {
  await discord?.stop();
});
let nextChannel = 300000000000000200n;

describe('the digest map when Discord refuses the file', () => {
  it('GIVEN the bot may post but not attach files (403 on the map) THEN the text stays posted and the subscription is not broken', async () => {
    const rec = recordingPoster((_, call) => (call === 1 ? forbidden() : undefined));
    const log = recordingLogger();
    const store = createMemoryStore();
    const library = libraryOf([bipa('2026-11-21'), texas]);
    await seen(store, [bipaBefore, texas]);
    const deps: DigestDeps = {
      store,
      library: () => library,
      poster: rec.poster,
      logger: log.logger,
      instanceId: 'test',
      pictures: createPictureCache(),
    };
    const channelId = '300000000000000099';
    await new DigestService(deps, () => SUBSCRIBED).subscribe({
      guildId: GUILD,
      channelId,
      time: '09:00',
      timezone: 'UTC',
      attachMap: true,
    });
    const report = await runDigestTick(deps, DUE);
    expect(report.results).toMatchObject([{ outcome: 'sent', messages: 1 }]);
    expect(rec.posted).toHaveLength(1);
    const state = await store.get(keys.state(`${GUILD}:${channelId}`), DigestState);
    expect(state?.broken).toBeUndefined();
    expect(state?.lastResult?.detail).toMatch(/^map not attached: the bot may not post/);
    expect((await runDigestTick(deps, new Date(DUE.getTime() + 60_000))).results).toEqual([]);
  }, 60_000);
});

describe('the digest map outside the schedule and after a crash', () => {
  const changedLibrary = libraryOf([bipa('2026-11-21'), texas]);
  const depsWith = (poster: DigestDeps['poster'], instanceId = 'test', store = createMemoryStore()) => ({
    store,
    library: () => changedLibrary,
    poster,
    logger: recordingLogger().logger,
    instanceId,
    pictures: createPictureCache(),
  });
  const subscribe = async (deps: DigestDeps, channelId: string) => {
    await seen(deps.store, [bipaBefore, texas]);
    return new DigestService(deps, () => SUBSCRIBED).subscribe({
      guildId: GUILD,
      channelId,
      time: '09:00',
      timezone: 'UTC',
      attachMap: true,
    });
  };

  it('GIVEN map:true WHEN an admin previews or sends now THEN the map comes after the text there too', async () => {
    const channelId = String(nextChannel++);
    const deps = depsWith(createRestPoster({ token: discord.token, apiUrl: discord.apiBase }));
    await subscribe(deps, channelId);
    const service = new DigestService(deps, () => DUE);
    const preview = await service.preview(GUILD, channelId);
    expect(preview?.messages.map((m) => m.kind ?? 'text')).toEqual(['text', 'map']);
    expect(preview?.messages[1]?.files?.map((f) => f.name)).toEqual(['law-map-commercial.png']);
    await service.sendNow(GUILD, channelId);
    const posted = discord.channelMessages.filter((m) => m.channelId === channelId);
    expect(posted.map((m) => m.message.attachments.map((a) => a.filename))).toEqual([
      [],
      ['law-map-commercial.png'],
    ]);
    expect(discord.violations).toEqual([]);
  }, 60_000);

  it('GIVEN a process that dies after the text, before the map WHEN another takes over THEN only the map is posted, once', async () => {
    const channelId = String(nextChannel++);
    let dead = true;
    const rec = recordingPoster((_, call) => (dead && call === 1 ? 'hang' : undefined));
    const store = createMemoryStore();
    await subscribe(depsWith(rec.poster, 'setup', store), channelId);
    void runDigestTick(depsWith(rec.poster, 'dies', store), DUE);
    // It draws the map, posts the text, then hangs on the map message.
    for (let waited = 0; rec.posted.length === 0 && waited < 30_000; waited += 50)
      await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 50));
    expect(rec.posted.map((p) => p.message.kind ?? 'text')).toEqual(['text']);
    dead = false;
    const later = new Date(DUE.getTime() + 11 * 60_000);
    const report = await runDigestTick(depsWith(rec.poster, 'second', store), later);
    expect(report.results).toMatchObject([{ outcome: 'sent', messages: 2 }]);
    expect(rec.posted.map((p) => p.message.kind ?? 'text')).toEqual(['text', 'map']);
    expect(rec.posted[1]?.message.files?.[0]?.data.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    await runDigestTick(depsWith(rec.poster, 'third', store), new Date(later.getTime() + 60_000));
    expect(rec.posted).toHaveLength(2);
  }, 60_000);
});
