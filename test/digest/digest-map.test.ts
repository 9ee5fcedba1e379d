import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DigestService } from '../../src/digest/digest-service.js';
import { createRestPoster } from '../../src/digest/rest-poster.js';
import { type DigestDeps, runDigestTick } from '../../src/digest/run-digest-tick.js';
import { DigestState, keys } from '../../src/digest/subscription.js';
import { createPictureCache, type PictureCache } from '../../src/pictures/picture-cache.js';
import { MAX_IMAGE_BYTES, pngSize } from '../../src/pictures/render.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import { type FakeDiscord, startFakeDiscord, UPLOAD_LIMITS } from '../fakes/fake-discord.js';
import { bipaBefore, DUE, GUILD, letter, PNG_SIGNATURE, SUBSCRIBED, seen } from './digest-map-fixtures.js';
import { bipaAsOf, law, libraryOf, texasCubi } from './fixture-library.js';
import { forbidden, recordingLogger, recordingPoster } from './recording-poster.js';

// Digests that attach the law map (/digest subscribe map:true) when a law in them changed status, posted
// through the REST poster to the fake Discord, which reads multipart uploads as Discord does; then Discord
// refusing the file, an admin's preview and send-now, and a process dying between the text and the map.
// Which changes count as a law changing status: law-status-changes.test.ts.

let discord: FakeDiscord;
beforeAll(async () => {
  discord = await startFakeDiscord();
}, 20_000);
afterAll(async () => {
  await discord?.stop();
});
let nextChannel = 300000000000000100n;
async function world(options: {
  attachMap?: boolean;
  changed: boolean;
  pictures?: PictureCache;
  mapTimeoutMs?: number;
  extra?: Record<string, unknown>[];
  /** Among `extra`, entries not yet in the base Dossier saw before. */
  unseen?: Record<string, unknown>[];
}) {
  const channelId = String(nextChannel++);
  const store = createMemoryStore();
  const log = recordingLogger();
  const library = libraryOf([
    bipaAsOf(options.changed ? 'in-force' : 'enacted', '2026-11-21'),
    texasCubi,
    letter,
    ...(options.extra ?? []),
  ]);
  // The base Dossier saw when the channel subscribed: Illinois's law enacted, the rest as now.
  const before = (options.extra ?? []).filter((e) => !options.unseen?.includes(e));
  await seen(store, [bipaBefore, texasCubi, letter, ...before]);
  const deps: DigestDeps = {
    store,
    library: () => library,
    poster: createRestPoster({ token: discord.token, apiUrl: discord.apiBase }),
    logger: log.logger,
    instanceId: 'test',
    pictures: options.pictures ?? createPictureCache(),
    mapTimeoutMs: options.mapTimeoutMs ?? 20_000,
  };
  await new DigestService(deps, () => SUBSCRIBED).subscribe({
    guildId: GUILD,
    channelId,
    time: '09:00',
    timezone: 'UTC',
    ...(options.attachMap === undefined ? {} : { attachMap: options.attachMap }),
  });
  const tick = (at = DUE) => runDigestTick(deps, at);
  const posted = () => discord.channelMessages.filter((m) => m.channelId === channelId);
  const state = () => store.get(keys.state(`${GUILD}:${channelId}`), DigestState);
  return { channelId, tick, posted, state, ...log };
}

describe('the digest map', { timeout: 60_000 }, () => {
  it('GIVEN a subscription made without the map option WHEN a law changed status THEN the digest has no attachment', async () => {
    const w = await world({ changed: true });
    await w.tick();
    const posted = w.posted();
    expect(posted).toHaveLength(1);
    expect(posted[0]?.message.attachments).toEqual([]);
    expect(JSON.stringify(posted[0]?.body)).toContain('Illinois Biometric Information Privacy Act');
    expect(discord.violations).toEqual([]);
  });

  it('GIVEN map:true WHEN a law changed status THEN one PNG of the layer follows the text, within Discord limits, with alt text naming the places', async () => {
    const w = await world({ attachMap: true, changed: true });
    const report = await w.tick();
    expect(report.results).toMatchObject([{ outcome: 'sent', messages: 2 }]);
    const [text, map] = w.posted();
    expect(text?.message.attachments).toEqual([]);
    const files = map?.message.attachments ?? [];
    expect(files).toHaveLength(1);
    const [file] = files;
    expect(file?.filename).toBe('law-map-commercial.png');
    expect(file?.content_type).toBe('image/png');
    expect(file?.data.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(pngSize(file?.data ?? Buffer.alloc(0)).width).toBeGreaterThan(600);
    expect(file?.size).toBeLessThanOrEqual(MAX_IMAGE_BYTES);
    expect(file?.size).toBeLessThanOrEqual(UPLOAD_LIMITS.bytes);
    expect(file?.description).toMatch(
      /^Map of the United States: laws on businesses' use of biometrics, as of 22 November 2026\. Biometric privacy law with a private right of action: Illinois\. Biometric privacy law, no private right of action recorded: Texas\./,
    );
    expect(file?.description?.length).toBeLessThanOrEqual(UPLOAD_LIMITS.description);
    // Multipart as Discord takes it: payload_json plus one files[0] part, and the embed shows that file.
    const request = discord.requests.filter((r) => r.path.endsWith(`/channels/${w.channelId}/messages`))[1];
    expect(request?.uploads).toMatchObject([{ index: 0, filename: 'law-map-commercial.png' }]);
    const embed = map?.message.embeds[0] as {
      title?: string;
      description?: string;
      image?: { url?: string };
    };
    expect(embed.image?.url).toBe('attachment://law-map-commercial.png');
    expect(embed.title).toBe("Laws on businesses' use of biometrics, as of 22 November 2026");
    expect(embed.description).toContain(
      '[Illinois Biometric Information Privacy Act](https://example.org/bipa-fixture) (Illinois): now in force, was enacted (status as of 21 November 2026)',
    );
    expect(embed.description).toContain(
      '**Biometric privacy law with a private right of action** (1): [Illinois]',
    );
    expect(map?.body.allowed_mentions).toEqual({ parse: [] });
    expect(discord.violations).toEqual([]);
    expect(w.lines.some((l) => l.message === 'digest map attached')).toBe(true);
  });

  it('GIVEN map:true WHEN laws on both layers changed THEN one message carries both maps, each in its own embed', async () => {
    // Added to the base after Dossier first recorded statuses: new on the police layer.
    const ban = law('springfield-ban', {
      title: 'Springfield ban on police face recognition',
      jurisdiction: 'US-IL',
      date: '2020-06-01',
      added: '2026-11-22',
      status_as_of: '2026-11-22',
      tags: ['facial-recognition', 'police', 'city-ban'],
    });
    const w = await world({ attachMap: true, changed: true, extra: [ban], unseen: [ban] });
    await w.tick();
    const [, map] = w.posted();
    expect(map?.message.attachments.map((a) => a.filename)).toEqual([
      'law-map-commercial.png',
      'law-map-government.png',
    ]);
    expect(map?.message.embeds.map((e) => (e as { image?: { url?: string } }).image?.url)).toEqual([
      'attachment://law-map-commercial.png',
      'attachment://law-map-government.png',
    ]);
    expect(JSON.stringify(map?.message.embeds[1])).toContain(
      'Springfield ban on police face recognition](https://example.org/springfield-ban) (Illinois): added to the knowledge base, in force (status as of 22 November 2026)',
    );
    const bytes = map?.message.attachments.reduce((n, a) => n + a.size, 0) ?? 0;
    expect(bytes).toBeLessThanOrEqual(2 * MAX_IMAGE_BYTES);
    expect(discord.violations).toEqual([]);
  });

  it('GIVEN map:true WHEN a curator re-confirmed a status (status_as_of moved, status the same) THEN the digest goes out without a map', async () => {
    const w = await world({ attachMap: true, changed: false });
    await w.tick();
    const posted = w.posted();
    expect(posted).toHaveLength(1);
    expect(posted[0]?.message.attachments).toEqual([]);
    // The update itself is still listed, as an update.
    expect(JSON.stringify(posted[0]?.body)).toContain('Illinois Biometric Information Privacy Act');
    expect(w.lines.some((l) => l.message === 'digest map attached')).toBe(false);
  });

  it('GIVEN map:true WHEN the map cannot be drawn THEN the text is posted once, and why is logged and listed', async () => {
    const failing: PictureCache = {
      get: () => Promise.reject(new Error('pictures: the SVG could not be rendered: test')),
      size: 0,
      bytes: 0,
    };
    const w = await world({ attachMap: true, changed: true, pictures: failing });
    const report = await w.tick();
    expect(report.results).toMatchObject([{ outcome: 'sent', messages: 1 }]);
    await w.tick(new Date(DUE.getTime() + 60_000));
    await w.tick(new Date(DUE.getTime() + 3_600_000));
    expect(w.posted()).toHaveLength(1);
    expect(w.posted()[0]?.message.attachments).toEqual([]);
    const warning = w.lines.find((l) => l.message === 'digest map not drawn; the digest goes out without it');
    expect(JSON.stringify(warning?.details)).toContain('the SVG could not be rendered');
    expect((await w.state())?.lastResult).toMatchObject({
      outcome: 'sent',
      detail: expect.stringContaining(
        'map not attached: commercial: pictures: the SVG could not be rendered',
      ),
    });
  });

  it('GIVEN map:true WHEN drawing the map hangs THEN the text is posted once after the timeout', async () => {
    const hanging: PictureCache = { get: () => new Promise(() => {}), size: 0, bytes: 0 };
    const w = await world({ attachMap: true, changed: true, pictures: hanging, mapTimeoutMs: 200 });
    const started = Date.now();
    const report = await w.tick();
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(report.results).toMatchObject([{ outcome: 'sent', messages: 1 }]);
    expect(w.posted()).toHaveLength(1);
    expect((await w.state())?.lastResult?.detail).toMatch(/not drawn within 200 ms/);
  });
});

describe('the digest map when Discord refuses the file', () => {
  it('GIVEN the bot may post but not attach files (403 on the map) THEN the text stays posted and the subscription is not broken', async () => {
    const rec = recordingPoster((_, call) => (call === 1 ? forbidden() : undefined));
    const log = recordingLogger();
    const store = createMemoryStore();
    const library = libraryOf([bipaAsOf('in-force', '2026-11-21'), texasCubi]);
    await seen(store, [bipaBefore, texasCubi]);
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
  const changedLibrary = libraryOf([bipaAsOf('in-force', '2026-11-21'), texasCubi]);
  const depsWith = (poster: DigestDeps['poster'], instanceId = 'test', store = createMemoryStore()) => ({
    store,
    library: () => changedLibrary,
    poster,
    logger: recordingLogger().logger,
    instanceId,
    pictures: createPictureCache(),
  });
  const subscribe = async (deps: DigestDeps, channelId: string) => {
    await seen(deps.store, [bipaBefore, texasCubi]);
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
