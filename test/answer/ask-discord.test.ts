import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { NOTES } from '../../src/answer/answer-question.js';
import { retrievePassages } from '../../src/answer/retrieve-passages.js';
import { createOpenAiModel } from '../../src/llm/openai.js';
import { type Bot, expectCleanRun, startBot } from '../discord/harness.js';
import { button, buttonsOf, textOf } from '../discord/view.js';
import { PERMISSIONS } from '../fakes/fake-discord.js';
import { type FakeOpenAi, startFakeOpenAi } from '../fakes/fake-openai.js';

const LAW_QUESTION = 'Can my employer in Illinois collect my face scan without consent?';
const BIPA_URL = 'https://www.ilga.gov/legislation/ilcs/ilcs3.asp?ActID=3004&ChapterID=57';
const other = { id: '400000000000000002', username: 'someone-else' };

describe('/ask without a model', () => {
  let bot: Bot;
  beforeAll(async () => {
    bot = await startBot({ env: { ASK_USER_LIMIT: '3' } });
  });
  afterAll(async () => bot?.stop());
  afterEach(() => expectCleanRun(bot, 50));

  test('GIVEN a law question WHEN asked THEN the bot defers at once and answers publicly with cited sentences, sources, the legal note and feedback buttons', async () => {
    const interaction = bot.discord.sendCommand('ask', { question: LAW_QUESTION });
    const reply = await interaction.reply();
    expect(interaction.callbacks[0]?.type).toBe(5); // deferred: "Dossier is thinking…"
    expect(reply.ephemeral).toBe(false);
    const text = textOf(reply);
    expect(text).toContain(LAW_QUESTION.slice(0, 40));
    expect(text).toMatch(/(written|signed) release[^\n]*\[1\]/);
    expect(text).toContain(`[1] [Illinois Biometric Information Privacy Act (BIPA)](${BIPA_URL})`);
    expect(text).toMatch(
      /Not legal advice\. Illinois Biometric Information Privacy Act \(BIPA\): in force as of \d{4}-\d{2}-\d{2}/,
    );
    expect(text).toMatch(/quoted from the knowledge base/);
    expect(button(reply, /^Helpful$/).customId).toMatch(/^ask:fb:[0-9a-f]{16}:y$/);
    expect(button(reply, /^Not helpful$/).customId).toMatch(/^ask:fb:[0-9a-f]{16}:n$/);
    expect(buttonsOf(reply).some((b) => b.url === BIPA_URL)).toBe(true);
  });

  test('GIVEN private WHEN asked THEN only the member sees the answer', async () => {
    const reply = await bot.discord
      .sendCommand('ask', { question: 'What is the penalty under BIPA?', private: true })
      .reply();
    expect(reply.ephemeral).toBe(true);
    expect(textOf(reply)).toContain('$1,000');
  });

  test('GIVEN a question the knowledge base does not cover WHEN asked THEN the reply says so and lists no sources', async () => {
    const reply = await bot.discord
      .sendCommand('ask', { question: 'What are the drone rules in Ohio?' }, { user: other })
      .reply();
    const text = textOf(reply);
    expect(text).toMatch(/does not cover this question/);
    expect(text).not.toMatch(/Sources/);
  });

  test('GIVEN a member over the limit WHEN they ask again THEN only they are told, at once, when to retry', async () => {
    const member = { id: '400000000000000077', username: 'eager' };
    for (const q of ['BIPA penalty', 'BIPA consent', 'Rosenbach ruling'])
      await bot.discord.sendCommand('ask', { question: q }, { user: member }).reply();
    const over = bot.discord.sendCommand('ask', { question: 'coalition letters 2019' }, { user: member });
    const reply = await over.reply();
    expect(over.callbacks[0]?.type).toBe(4); // answered directly, not deferred
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toMatch(
      /You have asked the maximum number of questions for now\. Try again <t:\d+:R>\./,
    );
    const someoneElse = await bot.discord
      .sendCommand('ask', { question: 'BIPA penalty' }, { user: other })
      .reply();
    expect(someoneElse.ephemeral).toBe(false);
  });

  test('GIVEN members press Not helpful WHEN an admin runs /kb feedback THEN the question and answer are listed; members cannot see it', async () => {
    const answer = await bot.discord
      .sendCommand('ask', { question: 'Who signed the 2019 coalition letters?' })
      .reply();
    // The vote counts on the press; the form that opens only asks for an optional reason.
    const pressed = bot.discord.pressButton(answer.id, button(answer, /^Not helpful$/).customId ?? '');
    expect((await pressed.modal()).title).toBe('What was missing?');
    const thanks = await bot.discord.submitModal(pressed, {}).reply();
    expect(thanks.ephemeral).toBe(true);
    expect(thanks.content).toMatch(/noted as not helpful/);
    await bot.discord
      .pressButton(answer.id, button(answer, /^Not helpful$/).customId ?? '', { user: other })
      .modal();

    const list = await bot.discord
      .sendCommand('kb', {}, { subcommand: 'feedback', permissions: PERMISSIONS.admin })
      .reply();
    expect(list.ephemeral).toBe(true);
    const text = textOf(list);
    expect(text).toContain('Who signed the 2019 coalition letters?');
    expect(text).toMatch(/2 not helpful/);

    const refused = await bot.discord
      .sendCommand('kb', {}, { subcommand: 'feedback', permissions: PERMISSIONS.member })
      .reply();
    expect(refused.content).toMatch(/Manage Server/);
  });

  test('GIVEN answers were given WHEN an admin runs /kb stats THEN it shows answers, cache hits and tokens', async () => {
    const reply = await bot.discord
      .sendCommand('kb', {}, { subcommand: 'stats', permissions: PERMISSIONS.admin })
      .reply();
    expect(textOf(reply)).toMatch(
      /Answers \(\/ask\)\n\d+ answered, \d+ from cache · no model \(extractive answers\): 0 calls, 0 tokens/,
    );
  });
});

describe('/ask with a model behind an OpenAI-compatible server', () => {
  let bot: Bot;
  let fake: FakeOpenAi;
  beforeAll(async () => {
    fake = await startFakeOpenAi();
    const model = createOpenAiModel({ model: 'fake-model', baseUrl: fake.baseUrl, timeoutMs: 400 });
    bot = await startBot({ model });
  });
  afterAll(async () => {
    await bot?.stop();
    await fake?.close();
  });
  afterEach(() => expectCleanRun(bot, 50));

  test('GIVEN the model tries to ping everyone and link elsewhere WHEN the answer is posted THEN nobody is pinged and only source links remain', async () => {
    // The number the model is shown BIPA's summary under, whatever order search ranks passages in.
    const { passages } = retrievePassages(bot.ctx.knowledge().search, LAW_QUESTION, undefined, {
      maxChars: bot.ctx.config.ask.maxPromptChars,
    });
    const summary = passages.find((p) => p.doc.id === 'illinois-bipa' && p.heading === 'Summary')?.n ?? 0;
    expect(summary).toBeGreaterThan(0);
    fake.enqueue({
      kind: 'answer',
      sentences: [
        { text: '@everyone A company needs a written release first.', citations: [summary] },
        { text: 'Details at https://phish.example.org/bipa <@&123456789012345678>.', citations: [summary] },
        { text: 'The statute gives a private right of action.', citations: [summary] },
      ],
    });
    const reply = await bot.discord.sendCommand('ask', { question: LAW_QUESTION }).reply();
    const text = textOf(reply);
    expect(text).toMatch(/written by a model, checked against the sources/);
    expect(text).toContain('everyone A company needs a written release first.');
    expect(text).not.toMatch(/@everyone|<@&|phish\.example/);
    expect(text).toContain(NOTES.removed(1));
    expect(buttonsOf(reply).every((b) => !b.url?.includes('example.org'))).toBe(true);
  });

  test('GIVEN the model hangs WHEN asked THEN the member still gets the extractive answer with a note, within the time budget', async () => {
    fake.enqueue({ kind: 'hang' });
    const reply = await bot.discord
      .sendCommand('ask', { question: 'What is the penalty under BIPA?' })
      .reply(5_000);
    const text = textOf(reply);
    expect(text).toContain('$1,000');
    expect(text).toContain(NOTES.unavailable);
    expect(text).toMatch(/quoted from the knowledge base/);
  });

  test('GIVEN an answered question WHEN asked again THEN it comes from the cache without a model call', async () => {
    fake.enqueue({
      kind: 'answer',
      sentences: [{ text: 'Rosenbach needs no harm beyond the violation.', citations: [1] }],
    });
    const before = fake.requests.length;
    const first = await bot.discord
      .sendCommand('ask', { question: 'What did the court hold in Rosenbach?' })
      .reply();
    const again = await bot.discord
      .sendCommand('ask', { question: 'what did the court hold in rosenbach' }, { user: other })
      .reply();
    expect(fake.requests.length).toBe(before + 1);
    // The same answer (the title is each member's own wording of the question).
    const body = (m: typeof first) => textOf(m).split('\n').slice(1).join('\n');
    expect(body(again)).toBe(body(first));
    expect(body(first)).toContain('Rosenbach needs no harm beyond the violation. [1]');
  });
});
