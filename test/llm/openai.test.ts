import { afterEach, describe, expect, it } from 'vitest';
import { createOpenAiModel, parseMarkedSentences, retryAfterMs } from '../../src/llm/openai.js';
import type { AnswerRequest } from '../../src/llm/types.js';
import { type FakeOpenAi, type FakeOpenAiOptions, startFakeOpenAi } from '../fakes/fake-openai.js';

const request: AnswerRequest = {
  question: 'Can my employer in Illinois scan my face without consent?',
  passages: [
    { n: 1, title: 'Illinois BIPA', heading: 'Summary', text: 'A business must get a written release.' },
    { n: 2, title: 'Illinois BIPA', heading: 'Who can enforce it', text: 'People affected can sue.' },
  ],
};

let fake: FakeOpenAi | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function setup(options: FakeOpenAiOptions = {}, timeoutMs = 2_000) {
  fake = await startFakeOpenAi(options);
  const model = createOpenAiModel({ model: 'test-model', apiKey: 'k', baseUrl: fake.baseUrl, timeoutMs });
  return { fake, model };
}

describe('OpenAI-compatible model', () => {
  it('GIVEN a structured answer WHEN asked THEN it returns the sentences, their passage numbers and the tokens used', async () => {
    const { fake, model } = await setup();
    fake.enqueue({ kind: 'answer', sentences: [{ text: 'A written release is required.', citations: [1] }] });
    const result = await model.answer(request);
    expect(result).toMatchObject({
      kind: 'answer',
      structured: true,
      sentences: [{ text: 'A written release is required.', citations: [1] }],
      usage: { prompt: 120, completion: 40, total: 160 },
    });
    const sent = fake.requests[0]!;
    expect(sent.body.model).toBe('test-model');
    expect(sent.structured).toBe(true);
    const user = JSON.stringify(sent.body.messages);
    expect(user).toContain('[2] Illinois BIPA (Who can enforce it)');
    expect(user).toContain(request.question);
  });

  it("GIVEN the model's refusal field WHEN asked THEN it is a refusal, not an answer", async () => {
    const { fake, model } = await setup();
    fake.enqueue({ kind: 'refusal', refusal: 'The passages do not say.' });
    expect(await model.answer(request)).toMatchObject({
      kind: 'refusal',
      reason: 'The passages do not say.',
    });
  });

  it('GIVEN covered=false WHEN asked THEN it is a refusal', async () => {
    const { fake, model } = await setup();
    fake.enqueue({ kind: 'answer', covered: false, sentences: [] });
    expect((await model.answer(request)).kind).toBe('refusal');
  });

  it('GIVEN a server that never answers WHEN the budget runs out THEN it reports a timeout', async () => {
    const { fake, model } = await setup({}, 300);
    fake.enqueue({ kind: 'hang' });
    const result = await model.answer(request);
    expect(result).toMatchObject({ kind: 'failure', reason: 'timeout' });
  });

  it('GIVEN a 429 whose retry-after fits the budget WHEN asked THEN it waits, retries and answers', async () => {
    const { fake, model } = await setup();
    fake.enqueue(
      { kind: 'status', status: 429, headers: { 'retry-after-ms': '100' } },
      { kind: 'answer', sentences: [{ text: 'People affected can sue.', citations: [2] }] },
    );
    const result = await model.answer(request);
    expect(result.kind).toBe('answer');
    expect(fake.requests).toHaveLength(2);
  });

  it('GIVEN a 429 whose retry-after exceeds the budget WHEN asked THEN it gives up at once as rate-limited', async () => {
    const { fake, model } = await setup();
    fake.enqueue({ kind: 'status', status: 429, headers: { 'retry-after': '60' } });
    expect(await model.answer(request)).toMatchObject({ kind: 'failure', reason: 'rate-limited' });
    expect(fake.requests).toHaveLength(1);
  });

  it('GIVEN a 500 WHEN asked THEN it reports a server failure without retrying', async () => {
    const { fake, model } = await setup();
    fake.enqueue({ kind: 'status', status: 500, message: 'boom' });
    expect(await model.answer(request)).toMatchObject({ kind: 'failure', reason: 'server' });
    expect(fake.requests).toHaveLength(1);
  });

  it('GIVEN a body that is not JSON WHEN asked THEN it reports garbage', async () => {
    const { fake, model } = await setup();
    fake.enqueue({ kind: 'raw', body: '{"choices": [' });
    expect(await model.answer(request)).toMatchObject({ kind: 'failure' });
  });

  it('GIVEN assistant content that is broken JSON WHEN asked THEN it reports garbage', async () => {
    const { fake, model } = await setup();
    fake.enqueue({ kind: 'text', content: '{"covered": true, "sentences": [{"text": "BIPA' });
    expect(await model.answer(request)).toMatchObject({ kind: 'failure', reason: 'garbage' });
  });

  it('GIVEN a server without structured output WHEN asked THEN it asks again for [n] markers, parses them, and remembers', async () => {
    const { fake, model } = await setup({ structuredOutput: false });
    fake.enqueue(
      { kind: 'text', content: 'A business needs a written release [1]. People affected can sue. [2]' },
      { kind: 'text', content: 'NOT COVERED' },
    );
    const first = await model.answer(request);
    expect(first).toMatchObject({
      kind: 'answer',
      structured: false,
      sentences: [
        { text: 'A business needs a written release.', citations: [1] },
        { text: 'People affected can sue.', citations: [2] },
      ],
    });
    expect(fake.requests.map((r) => r.structured)).toEqual([true, false]);
    expect((await model.answer(request)).kind).toBe('refusal');
    expect(fake.requests.map((r) => r.structured)).toEqual([true, false, false]);
  });
});

describe('parsing [n] markers', () => {
  it('GIVEN markers with several numbers and legal abbreviations WHEN parsed THEN sentences keep their own citations', () => {
    expect(
      parseMarkedSentences(
        'In Rosenbach v. Six Flags the court agreed [1, 3]. Each scan counts [2][3]. Uncited.',
      ),
    ).toEqual([
      { text: 'In Rosenbach v. Six Flags the court agreed.', citations: [1, 3] },
      { text: 'Each scan counts.', citations: [2, 3] },
      { text: 'Uncited.', citations: [] },
    ]);
  });

  it('GIVEN retry-after as seconds, milliseconds or a date WHEN read THEN each is a wait in ms', () => {
    expect(retryAfterMs(new Headers({ 'retry-after': '2' }), 0)).toBe(2000);
    expect(retryAfterMs(new Headers({ 'retry-after-ms': '150' }), 0)).toBe(150);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterMs(new Headers({ 'retry-after': 'Thu, 01 Jan 2026 00:00:05 GMT' }), now)).toBe(5000);
    expect(retryAfterMs(new Headers({}), 0)).toBeUndefined();
  });
});
