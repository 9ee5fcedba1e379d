import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { buildDigest } from '../src/digest/build-digest.js';
import type { MessagePoster } from '../src/digest/post-message.js';
import { createRestPoster } from '../src/digest/rest-poster.js';
import { dueDigest, runDigestTick } from '../src/digest/run-digest-tick.js';
import { keys, Subscription } from '../src/digest/subscription.js';
import { addDays, localDate, zonedInstant } from '../src/digest/zoned-time.js';
import { loadLibrary } from '../src/kb/load-library.js';
import { createStore } from '../src/store/create-store.js';
import type { Store } from '../src/store/types.js';
import { startFakeDiscord } from '../test/fakes/fake-discord.js';

/**
 * Digests at scale: 10,000 subscriptions spread over 24 time zones and every minute of the day.
 * - a scheduler pass in an ordinary minute (read every subscription, find the few due, claim, build, post);
 * - finding and building all 10,000 at once (the pure part of a pass where every channel is due);
 * - a pass where 1,000 are due in the same minute, delivered to a no-op poster (store-bound);
 * - delivery through discord.js's REST client to the fake Discord on loopback, in messages per second,
 *   next to Discord's global limit of 50 requests per second per bot.
 */
export interface DigestBenchResult {
  subscriptions: number;
  store: string;
  entries: number;
  ordinaryTickMs: number;
  ordinaryTickDue: number;
  findAndBuildAllMs: number;
  builtMessages: number;
  busyTickMs: number;
  busyTickDue: number;
  deliveryMessages: number;
  deliveryPerSecond: number;
  /** The same with discord.js's own 50/s cap lifted: what the loopback pipeline could do. */
  uncappedDeliveryPerSecond: number;
  discordGlobalLimitPerSecond: 50;
}

const ZONES = [
  'UTC',
  'Europe/London',
  'Europe/Berlin',
  'Europe/Athens',
  'Europe/Moscow',
  'Asia/Dubai',
  'Asia/Karachi',
  'Asia/Kolkata',
  'Asia/Dhaka',
  'Asia/Bangkok',
  'Asia/Shanghai',
  'Asia/Tokyo',
  'Australia/Sydney',
  'Pacific/Auckland',
  'Pacific/Honolulu',
  'America/Anchorage',
  'America/Los_Angeles',
  'America/Denver',
  'America/Chicago',
  'America/New_York',
  'America/Halifax',
  'America/Sao_Paulo',
  'Atlantic/Azores',
  'Africa/Lagos',
];

export async function benchDigest(
  options: { subscriptions?: number; storeUrl?: string; deliveries?: number } = {},
): Promise<DigestBenchResult> {
  const count = options.subscriptions ?? 10_000;
  const deliveries = options.deliveries ?? 1_000;
  const dir = mkdtempSync(join(tmpdir(), 'dossier-bench-digest-'));
  const storeUrl = options.storeUrl ?? `sqlite://${join(dir, 'bench.sqlite')}`;
  const { library } = await loadLibrary('knowledge');
  const logger = { info() {}, warn() {}, error() {} };
  const now = new Date('2026-11-22T08:00:00Z');
  const subs: Subscription[] = Array.from({ length: count }, (_, i) =>
    Subscription.parse({
      guildId: String(200000000000000000n + BigInt(Math.floor(i / 20))),
      channelId: String(300000000000000000n + BigInt(i)),
      time: `${String(Math.floor((i * 7) / 60) % 24).padStart(2, '0')}:${String((i * 7) % 60).padStart(2, '0')}`,
      timezone: ZONES[i % ZONES.length],
      nothingNewNote: true,
      createdAt: '2026-11-01T00:00:00.000Z',
    }),
  );

  const store = await createStore(storeUrl, { keyPrefix: `dossier-bench:${process.pid}:` });
  const discord = await startFakeDiscord();
  try {
    await seed(store, subs, now);
    const noop: MessagePoster = { async postMessage() {} };
    const deps = {
      store,
      library: () => library,
      poster: noop,
      logger,
      instanceId: 'bench',
      concurrency: 16,
    };

    // An ordinary minute: everything is read, a handful is due.
    let start = performance.now();
    const ordinary = await runDigestTick(deps, now);
    const ordinaryTickMs = performance.now() - start;

    // The pure work of a pass where every subscription is due: find them and build each digest.
    // Each covers the day since its previous digest, as on an ordinary day.
    start = performance.now();
    let builtMessages = 0;
    const since = { at: new Date(now.getTime() - 86_400_000) };
    for (const sub of subs) {
      const due = dueDigest({ ...sub, time: '00:00' }, {}, now, Number.POSITIVE_INFINITY);
      if (due) builtMessages += buildDigest(library, sub, since, now).messages.length;
    }
    const findAndBuildAllMs = performance.now() - start;

    // A busy minute: 1,000 channels due at once (claims and state writes dominate).
    const busy = subs.slice(0, 1_000).map((s) => ({
      ...s,
      channelId: String(310000000000000000n + BigInt(s.channelId) - 300000000000000000n),
      timezone: 'UTC',
      time: '08:01',
    }));
    await seed(store, busy, now);
    start = performance.now();
    const busyTick = await runDigestTick(deps, new Date('2026-11-22T08:01:00Z'));
    const busyTickMs = performance.now() - start;

    // Delivery through the REST client to the loopback fake Discord: as configured (discord.js keeps to
    // Discord's global 50 requests/s itself), and with that cap lifted, to show the pipeline's own ceiling.
    const digest = buildDigest(library, subs[0] as Subscription, undefined, now);
    const message = digest.messages[0] ?? { content: 'Nothing new.', embeds: [] };
    const deliver = async (poster: MessagePoster) => {
      const before = discord.channelMessages.length;
      const started = performance.now();
      let next = 0;
      await Promise.all(
        Array.from({ length: 16 }, async () => {
          while (next < deliveries) {
            const i = next++;
            await poster.postMessage(String(300000000000000000n + BigInt(i % 500)), message);
          }
        }),
      );
      return (discord.channelMessages.length - before) / ((performance.now() - started) / 1000);
    };
    const capped = await deliver(createRestPoster({ token: discord.token, apiUrl: discord.apiBase }));
    const uncapped = await deliver(
      createRestPoster({ token: discord.token, apiUrl: discord.apiBase, globalRequestsPerSecond: 100_000 }),
    );

    return {
      subscriptions: count,
      store: storeUrl.startsWith('sqlite://') ? 'sqlite (temp file)' : storeUrl.replace(/\/\/.*@/, '//***@'),
      entries: library.size,
      ordinaryTickMs: round(ordinaryTickMs),
      ordinaryTickDue: ordinary.results.length,
      findAndBuildAllMs: round(findAndBuildAllMs),
      builtMessages,
      busyTickMs: round(busyTickMs),
      busyTickDue: busyTick.results.filter((r) => r.outcome === 'sent').length,
      deliveryMessages: deliveries,
      deliveryPerSecond: round(capped),
      uncappedDeliveryPerSecond: round(uncapped),
      discordGlobalLimitPerSecond: 50,
    };
  } finally {
    if (!storeUrl.startsWith('sqlite://')) {
      // A shared Redis: remove what the bench wrote.
      for (const prefix of ['digest:'])
        for (const { key } of await store.list(prefix)) await store.delete(key);
    }
    await store.close();
    await discord.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Subscriptions as on an ordinary day: those whose time has passed today were sent, the others yesterday. */
async function seed(store: Store, subs: readonly Subscription[], now: Date) {
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < subs.length) {
        const s = subs[next++] as Subscription;
        await store.set(keys.subscription(s.guildId, s.channelId), s);
        const today = localDate(now, s.timezone);
        const done = zonedInstant(today, s.time, s.timezone) < now ? today : addDays(today, -1);
        const at = now.toISOString();
        await store.set(keys.state(`${s.guildId}:${s.channelId}`), {
          lastDigest: { at, announced: [] },
          lastResult: { date: done, at, outcome: 'sent', messages: 1 },
        });
      }
    }),
  );
}

const round = (n: number) => Math.round(n * 10) / 10;

export function formatDigestBench(r: DigestBenchResult): string {
  return [
    `digests: ${r.subscriptions} subscriptions, ${r.entries} entries, store ${r.store}`,
    `  ordinary minute: one pass in ${r.ordinaryTickMs} ms (${r.ordinaryTickDue} due, read all ${r.subscriptions})`,
    `  every channel due: found and built ${r.subscriptions} digests (${r.builtMessages} messages) in ${r.findAndBuildAllMs} ms`,
    `  busy minute: 1,000 more due at once: claimed, built and handed to a no-op poster in ${r.busyTickMs} ms (${r.busyTickDue} sent)`,
    `  delivery: ${r.deliveryMessages} messages through REST to the fake Discord at ${r.deliveryPerSecond}/s with discord.js's global cap, ${r.uncappedDeliveryPerSecond}/s without it (Discord allows ${r.discordGlobalLimitPerSecond} requests/s per bot: 10,000 digests in one minute would need at least ${Math.ceil(10_000 / r.discordGlobalLimitPerSecond)} s)`,
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      subscriptions: { type: 'string', default: '10000' },
      store: { type: 'string' },
      deliveries: { type: 'string', default: '1000' },
      json: { type: 'boolean', default: false },
    },
  });
  const result = await benchDigest({
    subscriptions: Number(values.subscriptions),
    deliveries: Number(values.deliveries),
    ...(values.store ? { storeUrl: values.store } : {}),
  });
  process.stdout.write(`${values.json ? JSON.stringify(result) : formatDigestBench(result)}\n`);
}
