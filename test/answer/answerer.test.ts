import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type AnswererDeps, type AskSettings, createAnswerer } from '../../src/answer/answerer.js';
import { type KnowledgeReport, loadKnowledge } from '../../src/knowledge.js';
import { createOpenAiModel } from '../../src/llm/openai.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import { type FakeOpenAi, startFakeOpenAi } from '../fakes/fake-openai.js';

const QUESTION = 'Can my employer in Illinois collect my face scan without consent?';
const SETTINGS: AskSettings = {
  cacheTtlMs: 60 * 60_000,
  userLimit: 2,
  userWindowMs: 60_000,
  guildLimit: 3,
  guildWindowMs: 60 * 60_000,
  maxPromptChars: 6_000,
};
const GOOD = {
  kind: 'answer' as const,
  sentences: [{ text: 'A written release is required before collection.', citations: [2] }],
};

let kb: KnowledgeReport;
beforeAll(async () => {
  kb = await loadKnowledge('test/fixtures/knowledge', { today: '2026-11-22' });
});
afterAll(() => kb.search.close());

let fake: FakeOpenAi | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

function setup(overrides: Partial<AnswererDeps> = {}) {
  let now = Date.parse('2026-11-22T10:00:30Z');
  const logged: { fields: object; message: string }[] = [];
  const logger = {
    info: (fields: object, message: string) => logged.push({ fields, message }),
    warn: (fields: object, message: string) => logged.push({ fields, message }),
  };
  const store = createMemoryStore(() => now);
  const answerer = createAnswerer({
    knowledge: () => kb,
    store,
    clock: () => new Date(now),
    logger,
    settings: SETTINGS,
    ...overrides,
  });
  return { answerer, store, logged, advance: (ms: number) => (now += ms) };
}

async function modelServer() {
  fake = await startFakeOpenAi();
  return { fake, model: createOpenAiModel({ model: 'fake-model', baseUrl: fake.baseUrl, timeoutMs: 3_000 }) };
}

describe('the answer cache', () => {
  it('GIVEN an answered question WHEN it is asked again with other case, spacing and punctuation THEN the cached answer comes back and the model is not called', async () => {
    const { fake, model } = await modelServer();
    const { answerer } = setup({ model });
    fake.enqueue(GOOD);
    const first = await answerer.ask({ question: QUESTION, userId: 'u1', guildId: 'g1' });
    const again = await answerer.ask({
      question: `  ${QUESTION.toUpperCase()}!! `,
      userId: 'u2',
      guildId: 'g1',
    });
    expect(fake.requests).toHaveLength(1);
    expect(first.ok && again.ok).toBe(true);
    if (!first.ok || !again.ok) return;
    expect(again.cached).toBe(true);
    expect(again.answerId).toBe(first.answerId);
    expect(again.result.answer).toBe(first.result.answer);
    expect(again.result.mode).toBe('model');
  });

  it('GIVEN a model fault WHEN the fallback is served THEN it is not cached and the next ask calls the model', async () => {
    const { fake, model } = await modelServer();
    const { answerer } = setup({ model });
    fake.enqueue({ kind: 'status', status: 503 }, GOOD);
    const first = await answerer.ask({ question: QUESTION });
    const second = await answerer.ask({ question: QUESTION });
    expect(fake.requests).toHaveLength(2);
    expect(first.ok && first.result.mode).toBe('extractive');
    expect(second.ok && second.result.mode).toBe('model');
  });

  it('GIVEN different filters WHEN asked THEN the cache does not mix them up', async () => {
    const { answerer } = setup();
    const all = await answerer.ask({ question: QUESTION });
    const letters = await answerer.ask({ question: QUESTION, filters: { type: 'letter' } });
    expect(letters.ok && letters.cached).toBe(false);
    expect(all.ok && all.result.sources[0]?.id).toBe('illinois-bipa');
  });
});

describe('rate limits', () => {
  it('GIVEN a member over the per-user limit WHEN they ask THEN the reply says when to retry, and after that time they may ask again', async () => {
    const { answerer, advance } = setup();
    const questions = [
      'What does BIPA require?',
      'What did the 2019 coalition letters ask?',
      'What is the penalty under BIPA?',
    ];
    expect((await answerer.ask({ question: questions[0]!, userId: 'u1', guildId: 'g1' })).ok).toBe(true);
    expect((await answerer.ask({ question: questions[1]!, userId: 'u1', guildId: 'g1' })).ok).toBe(true);
    const third = await answerer.ask({ question: questions[2]!, userId: 'u1', guildId: 'g1' });
    expect(third).toEqual({
      ok: false,
      reason: 'rate-limited',
      scope: 'user',
      retryAt: new Date('2026-11-22T10:01:00Z'),
    });
    advance(30_000);
    expect((await answerer.ask({ question: questions[2]!, userId: 'u1', guildId: 'g1' })).ok).toBe(true);
  });

  it('GIVEN a busy server over the per-guild limit WHEN anyone asks THEN the reply names the server limit and its end', async () => {
    const { answerer } = setup();
    for (const [i, q] of ['BIPA consent', 'BIPA penalty', 'coalition letters 2019'].entries())
      expect((await answerer.ask({ question: q, userId: `u${i}`, guildId: 'g1' })).ok).toBe(true);
    const over = await answerer.ask({ question: 'Rosenbach ruling', userId: 'u9', guildId: 'g1' });
    expect(over).toMatchObject({ ok: false, scope: 'server', retryAt: new Date('2026-11-22T11:00:00Z') });
    expect((await answerer.ask({ question: 'Rosenbach ruling', userId: 'u9', guildId: 'g2' })).ok).toBe(true);
  });

  it('GIVEN the CLI (no member, no server) WHEN asking many times THEN no limit applies', async () => {
    const { answerer } = setup();
    for (let i = 0; i < 6; i++) expect((await answerer.ask({ question: `BIPA penalty ${i}` })).ok).toBe(true);
  });
});

describe('token accounting and feedback', () => {
  it('GIVEN model answers and a cache hit WHEN totals are read THEN tokens are summed and logged per answer', async () => {
    const { fake, model } = await modelServer();
    const { answerer, logged } = setup({ model });
    fake.enqueue(GOOD, GOOD);
    await answerer.ask({ question: QUESTION });
    await answerer.ask({ question: 'What is the penalty under BIPA?' });
    await answerer.ask({ question: QUESTION });
    expect(await answerer.totals()).toEqual({
      answers: 3,
      cacheHits: 1,
      modelCalls: 2,
      promptTokens: 240,
      completionTokens: 80,
      totalTokens: 320,
    });
    const answered = logged.filter((l) => l.message === 'ask: answered');
    expect(answered.map((l) => (l.fields as { tokens: { total: number } }).tokens.total)).toEqual([160, 160]);
  });

  it('GIVEN members vote WHEN curators list not-helpful answers THEN they see the question, the answer and the vote count, newest first', async () => {
    const { answerer, advance } = setup();
    const a = await answerer.ask({ question: QUESTION });
    const b = await answerer.ask({ question: 'What is the penalty under BIPA?' });
    if (!a.ok || !b.ok) throw new Error('expected answers');
    expect(
      await answerer.recordFeedback({ answerId: a.answerId, userId: 'u1', guildId: 'g1', helpful: false }),
    ).toBe(true);
    advance(1_000);
    await answerer.recordFeedback({ answerId: b.answerId, userId: 'u1', guildId: 'g1', helpful: true });
    await answerer.recordFeedback({ answerId: a.answerId, userId: 'u2', guildId: 'g1', helpful: false });
    await answerer.recordFeedback({ answerId: a.answerId, userId: 'u2', guildId: 'g1', helpful: false });
    const list = await answerer.listNotHelpful('g1');
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ answerId: a.answerId, question: QUESTION, votes: 2 });
    expect(list[0]?.answer).toContain('written release');
    expect(await answerer.listNotHelpful('g2')).toEqual([]);
    expect(await answerer.recordFeedback({ answerId: 'nope', userId: 'u1', helpful: false })).toBe(false);
  });
});
