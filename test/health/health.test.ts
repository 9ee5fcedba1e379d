import type { z } from 'zod';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { StoreUnavailableError } from '../../src/store/errors.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import type { Store } from '../../src/store/types.js';
import { type Bot, startBot } from '../discord/harness.js';

/** The in-memory store, with a switch that makes every read fail the way an unreachable Redis does. */
function switchableStore(): Store & { down: boolean } {
  const inner = createMemoryStore();
  const store = {
    down: false,
    get<T>(key: string, schema: z.ZodType<T>) {
      if (store.down)
        return Promise.reject(
          new StoreUnavailableError('redis', `get ${key}`, new Error('connect ECONNREFUSED')),
        );
      return inner.get(key, schema);
    },
    set: (key: string, value: unknown, ttlMs?: number) => inner.set(key, value, ttlMs),
    delete: (key: string) => inner.delete(key),
    claim: (key: string, value: unknown, ttlMs?: number) => inner.claim(key, value, ttlMs),
    increment: (key: string, ttlMs: number) => inner.increment(key, ttlMs),
    list: (prefix: string) => inner.list(prefix),
    close: () => inner.close(),
  };
  return store;
}

let bot: Bot;
let base: string;
const store = switchableStore();
beforeAll(async () => {
  bot = await startBot({ env: { HTTP_PORT: '0' }, store });
  base = `http://127.0.0.1:${bot.health?.port ?? 0}`;
});
afterAll(async () => {
  await bot?.stop();
  await store.close();
});

/** The value of one sample in Prometheus text, e.g. `dossier_interactions_total{command="law",outcome="handled"}`. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

test('GIVEN HTTP_PORT set WHEN members run /law twice and once for an unknown law THEN /metrics counts them by command and outcome, with latency and the knowledge base', async () => {
  expect(bot.health?.port).toBeGreaterThan(0);
  await bot.discord.sendCommand('law', { name: 'bipa' }).reply();
  await bot.discord.sendCommand('law', { name: 'bipa' }).reply();
  const refused = await bot.discord.sendCommand('law', { name: 'no such law anywhere' }).reply();
  expect(refused.ephemeral).toBe(true);

  const res = await fetch(`${base}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/plain');
  const text = await res.text();
  expect(sample(text, 'dossier_interactions_total{command="law",outcome="handled"}')).toBe(2);
  expect(sample(text, 'dossier_interactions_total{command="law",outcome="refused"}')).toBe(1);
  expect(sample(text, 'dossier_interaction_duration_seconds_count{command="law"}')).toBe(3);
  const library = bot.ctx.knowledge().library;
  expect(library.size).toBeGreaterThan(0);
  expect(sample(text, 'dossier_knowledge_entries')).toBe(library.size);
  expect(sample(text, `dossier_knowledge_info{version="${library.version}"}`)).toBe(1);
});

test('GIVEN the bot connected and its store answering WHEN /healthz is fetched THEN 200 with the gateway, store and knowledge version', async () => {
  const res = await fetch(`${base}/healthz`);
  expect(res.status).toBe(200);
  const library = bot.ctx.knowledge().library;
  expect(await res.json()).toMatchObject({
    ok: true,
    gateway: 'ready',
    store: 'reachable',
    knowledge: { version: library.version, entries: library.size },
    problems: [],
  });
});

test('GIVEN the store stops answering WHEN /healthz is fetched THEN 503 naming the store, and 200 again once it is back', async () => {
  store.down = true;
  try {
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(503);
    const body = (await res.json()) as { store: string; problems: string[] };
    expect(body.store).toBe('unreachable');
    expect(body.problems).toEqual(['store: not reachable']);
  } finally {
    store.down = false;
  }
  expect((await fetch(`${base}/healthz`)).status).toBe(200);
});

test('GIVEN the gateway connection is gone WHEN /healthz is fetched THEN 503 naming the gateway', async () => {
  await bot.client.destroy();
  const res = await fetch(`${base}/healthz`);
  expect(res.status).toBe(503);
  const body = (await res.json()) as { gateway: string; problems: string[] };
  expect(body.gateway).toBe('down');
  expect(body.problems).toEqual(['gateway: not connected to Discord']);
});
