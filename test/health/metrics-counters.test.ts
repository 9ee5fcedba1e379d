import type { z } from 'zod';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { resilientStore } from '../../src/context.js';
import { DigestService } from '../../src/digest/digest-service.js';
import { type DigestDeps, runDigestTick } from '../../src/digest/run-digest-tick.js';
import { type HealthServer, startHealthServer } from '../../src/health/health-server.js';
import { createMetrics } from '../../src/health/metrics.js';
import { loadKnowledge } from '../../src/knowledge.js';
import { createOpenAiModel } from '../../src/llm/openai.js';
import { createLogger } from '../../src/log.js';
import { StoreUnavailableError } from '../../src/store/errors.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import type { Store } from '../../src/store/types.js';
import { fixtureLibrary } from '../digest/fixture-library.js';
import { forbidden, recordingLogger, recordingPoster } from '../digest/recording-poster.js';
import { type Bot, startBot } from '../discord/harness.js';
import { type FakeOpenAi, startFakeOpenAi } from '../fakes/fake-openai.js';

/** The value of one sample in Prometheus text, e.g. `dossier_digests_total{outcome="sent"}`. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

/** The in-memory store with a switch that makes every call fail the way an unreachable Redis does. */
function switchableStore(): Store & { down: boolean } {
  const inner = createMemoryStore();
  const gate =
    <A extends unknown[], R>(name: string, fn: (...args: A) => Promise<R>) =>
    (...args: A): Promise<R> =>
      store.down
        ? Promise.reject(new StoreUnavailableError('redis', name, new Error('connect ECONNREFUSED')))
        : fn(...args);
  const store = {
    down: false,
    get: <T>(key: string, schema: z.ZodType<T>) => gate('get', () => inner.get(key, schema))(),
    set: gate('set', (key: string, value: unknown, ttlMs?: number) => inner.set(key, value, ttlMs)),
    delete: gate('delete', (key: string) => inner.delete(key)),
    claim: gate('claim', (key: string, value: unknown, ttlMs?: number) => inner.claim(key, value, ttlMs)),
    increment: gate('increment', (key: string, ttlMs: number) => inner.increment(key, ttlMs)),
    list: gate('list', (prefix: string) => inner.list(prefix)),
    close: () => inner.close(),
  };
  return store;
}

describe('digest and store counters on /metrics', () => {
  const GUILD = '100000000000000001';
  const BERLIN = '200000000000000001';
  const NEW_YORK = '200000000000000002';
  const inner = switchableStore();
  let server: HealthServer;
  let base: string;
  let deps: DigestDeps;
  let service: DigestService;
  let rec: ReturnType<typeof recordingPoster>;

  beforeAll(async () => {
    const knowledge = await loadKnowledge('test/fixtures/knowledge');
    const metrics = createMetrics(() => knowledge);
    const store = resilientStore(inner, createLogger('silent'), 'redis://test', metrics);
    rec = recordingPoster((channel) => (channel === NEW_YORK ? forbidden() : undefined));
    const library = fixtureLibrary();
    deps = {
      store,
      library: () => library,
      poster: rec.poster,
      logger: recordingLogger().logger,
      instanceId: 'test',
      onOutcome: (outcome, messages) => metrics.digest(outcome, messages),
    };
    service = new DigestService(deps, () => new Date('2026-11-20T12:00:00Z'));
    server = await startHealthServer(
      { metrics, gateway: () => 'console', store, knowledge: () => knowledge, storeTimeoutMs: 500 },
      { port: 0, host: '127.0.0.1' },
    );
    base = `http://127.0.0.1:${server.port}`;
  });
  afterAll(async () => {
    await server?.close();
    await inner.close();
  });

  test('GIVEN one digest posted and one whose channel refuses (403) WHEN /metrics is scraped THEN it counts the send, its messages and the broken one', async () => {
    await service.subscribe({
      guildId: GUILD,
      channelId: BERLIN,
      time: '09:00',
      timezone: 'Europe/Berlin',
      nothingNewNote: true,
    });
    await service.subscribe({
      guildId: GUILD,
      channelId: NEW_YORK,
      time: '03:00',
      timezone: 'America/New_York',
      nothingNewNote: true,
    });
    const report = await runDigestTick(deps, new Date('2026-11-22T08:00:00Z'));
    expect(report.results.map((r) => r.outcome).sort()).toEqual(['broken', 'sent']);
    expect(rec.posted.length).toBeGreaterThan(0);

    const text = await (await fetch(`${base}/metrics`)).text();
    expect(sample(text, 'dossier_digests_total{outcome="sent"}')).toBe(1);
    expect(sample(text, 'dossier_digests_total{outcome="broken"}')).toBe(1);
    expect(sample(text, 'dossier_digest_messages_total')).toBe(rec.posted.length);
    expect(sample(text, 'dossier_store_errors_total{operation="list"}')).toBeUndefined();
  });

  test('GIVEN send-now to a channel that refuses WHEN /metrics is scraped THEN the failure is counted', async () => {
    await expect(service.sendNow(GUILD, NEW_YORK)).rejects.toThrow(/may not post/);
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(sample(text, 'dossier_digests_total{outcome="failed"}')).toBe(1);
  });

  test('GIVEN the store stops answering WHEN a digest pass and a subscription read fail THEN /metrics counts the store errors by operation and /healthz says 503', async () => {
    inner.down = true;
    try {
      const report = await runDigestTick(deps, new Date('2026-11-23T08:00:00Z'));
      expect(report.paused).toMatch(/ECONNREFUSED/);
      await expect(service.get(GUILD, BERLIN)).rejects.toThrow(StoreUnavailableError);
      expect((await fetch(`${base}/healthz`)).status).toBe(503);

      const text = await (await fetch(`${base}/metrics`)).text();
      // The pass lists subscriptions and digest states at once: two list calls fail.
      expect(sample(text, 'dossier_store_errors_total{operation="list"}')).toBe(2);
      // service.get, and the read /healthz probes the store with.
      expect(sample(text, 'dossier_store_errors_total{operation="get"}')).toBe(2);
    } finally {
      inner.down = false;
    }
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });
});

describe('model counters on /metrics', () => {
  let bot: Bot;
  let fake: FakeOpenAi;
  beforeAll(async () => {
    fake = await startFakeOpenAi();
    const model = createOpenAiModel({ model: 'fake-model', baseUrl: fake.baseUrl, timeoutMs: 2_000 });
    bot = await startBot({ model, env: { HTTP_PORT: '0' } });
  });
  afterAll(async () => {
    await bot?.stop();
    await fake?.close();
  });

  test('GIVEN a model answers /ask and then refuses WHEN /metrics is scraped THEN calls are counted by outcome and the tokens it reported by kind', async () => {
    fake.enqueue({
      kind: 'answer',
      sentences: [{ text: 'A written release is needed first.', citations: [1] }],
    });
    await bot.discord
      .sendCommand('ask', { question: 'Can my employer in Illinois collect my face scan?' })
      .reply();
    fake.enqueue({ kind: 'refusal', refusal: 'I cannot help with that.' });
    await bot.discord.sendCommand('ask', { question: 'What does the Portland ban cover?' }).reply();
    expect(fake.requests).toHaveLength(2);

    const text = await (await fetch(`http://127.0.0.1:${bot.health?.port ?? 0}/metrics`)).text();
    expect(sample(text, 'dossier_model_calls_total{outcome="answer"}')).toBe(1);
    expect(sample(text, 'dossier_model_calls_total{outcome="refusal"}')).toBe(1);
    // The fake server reports 120 prompt and 40 completion tokens per call, as OpenAI's usage object does.
    expect(sample(text, 'dossier_model_tokens_total{kind="prompt"}')).toBe(240);
    expect(sample(text, 'dossier_model_tokens_total{kind="completion"}')).toBe(80);
  });
});
