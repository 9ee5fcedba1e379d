import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { buildDigest } from '../../src/digest/build-digest.js';
import { createDigests } from '../../src/digest/create-digests.js';
import { digestPassages, MAX_SUMMARY_CHARS } from '../../src/digest/summarize-digest.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import { type FakeDiscord, startFakeDiscord } from '../fakes/fake-discord.js';
import { type FakeOpenAi, type ScriptedReply, startFakeOpenAi } from '../fakes/fake-openai.js';
import { fixtureLibrary } from './fixture-library.js';
import { recordingLogger } from './recording-poster.js';

/**
 * Digest summaries end to end: the real openai client against the fake OpenAI server, the real REST
 * poster against the fake Discord, and assertions on what lands in the channel (or what preview returns).
 */
const GUILD = '200000000000000001';
const CHANNEL = '300000000000000021';
const CREATED = new Date('2026-11-20T12:00:00Z');
const DUE = new Date('2026-11-22T08:00:00Z'); // 09:00 in Berlin
const HEADING = '**Dossier digest** · Sunday, 22 November 2026';

let discord: FakeDiscord;
let openai: FakeOpenAi;
beforeAll(async () => {
  [discord, openai] = await Promise.all([startFakeDiscord(), startFakeOpenAi()]);
});
afterAll(async () => {
  await Promise.all([discord?.stop(), openai?.close()]);
});
beforeEach(() => {
  discord.channelMessages.length = 0;
  openai.requests.length = 0;
  expect(openai.pending()).toBe(0);
});

/** Digests as the bot configures them, with or without a model, for a Berlin channel subscribed at 09:00. */
async function setup(opts: { model: boolean; timeoutMs?: number }) {
  const config = loadConfig({
    DISCORD_TOKEN: discord.token,
    DISCORD_CLIENT_ID: discord.applicationId,
    DISCORD_API_URL: discord.apiBase,
    ...(opts.model
      ? {
          OPENAI_BASE_URL: openai.baseUrl,
          OPENAI_MODEL: 'fake-model',
          OPENAI_TIMEOUT_MS: String(opts.timeoutMs ?? 3_000),
        }
      : {}),
  });
  let now = CREATED;
  const library = fixtureLibrary();
  const log = recordingLogger();
  const digests = createDigests(config, {
    store: createMemoryStore(),
    library: () => library,
    logger: log.logger,
    clock: () => now,
  });
  const sub = await digests.subscribe({
    guildId: GUILD,
    channelId: CHANNEL,
    time: '09:00',
    timezone: 'Europe/Berlin',
  });
  now = DUE;
  // The digest due at 09:00, built as the scheduler will build it: its entries by the numbers the model sees.
  const passages = digestPassages(buildDigest(library, sub, undefined, DUE));
  const n = (id: string, section: string) => {
    const p = passages.find((x) => x.item.doc.id === id && x.item.section === section);
    if (!p) throw new Error(`fixture: ${id} is not listed in ${section}`);
    return p.n;
  };
  const tick = async () => {
    const report = await digests.scheduler.tick(DUE);
    expect(report?.results.map((r) => r.outcome)).toEqual(['sent']);
    return discord.channelMessages.map((m) => m.body as { content?: string; embeds: unknown[] });
  };
  return { digests, passages, n, tick, lines: log.lines };
}

const answer = (...sentences: { text: string; citations: number[] }[]): ScriptedReply => ({
  kind: 'answer',
  sentences,
});

describe('digest summary', () => {
  it('GIVEN a configured model WHEN the digest is posted THEN a cited summary opens it, its numbers naming the listed entries', async () => {
    const { n, tick, passages } = await setup({ model: true });
    const letter = n('ban-letter', 'new');
    const act = n('eu-ai-act', 'upcoming');
    openai.enqueue(
      answer(
        {
          text: 'A coalition letter calling for a face recognition ban was added today.',
          citations: [letter],
        },
        { text: 'The EU Artificial Intelligence Act takes effect on 30 November.', citations: [act] },
      ),
    );
    const posted = await tick();

    expect(posted[0]?.content).toBe(
      [
        HEADING,
        `A coalition letter calling for a face recognition ban was added today. [${letter}] The EU Artificial Intelligence Act takes effect on 30 November. [${act}]`,
        `[${letter}] [Coalition letter calling for a face recognition ban](<https://example.org/ban-letter>)`,
        `[${act}] [EU Artificial Intelligence Act](<https://example.org/eu-ai-act>)`,
      ].join('\n'),
    );
    // The model was given every listed entry, numbered as the digest lists them, with its line and summary.
    const prompt = JSON.stringify(openai.requests[0]?.body);
    expect(openai.requests).toHaveLength(1);
    for (const p of passages) expect(prompt).toContain(`[${p.n}] ${p.item.doc.title}`);
    expect(prompt).toContain('Summary of eu-ai-act.');
    // Briefed for a digest, not with /ask's question-answering prompt.
    const system = (openai.requests[0]?.body.messages as { role: string; content: string }[])[0];
    expect(system?.role).toBe('system');
    expect(system?.content).toMatch(/opening paragraph of a daily digest/);
    expect(system?.content).not.toMatch(/You answer questions/);
    expect(discord.violations).toEqual([]);
  });

  it('GIVEN a summary with an uncited sentence, an off-list citation, a misquote, a foreign link and a mention THEN only the sound sentences are posted, without the mention', async () => {
    const { n, tick, passages, lines } = await setup({ model: true });
    const acme = n('acme-statement', 'new');
    openai.enqueue(
      answer(
        { text: 'Privacy is under attack everywhere this week.', citations: [] },
        { text: 'An old case about face recognition was decided.', citations: [passages.length + 1] },
        { text: 'Acme said "we will never sell face recognition again".', citations: [acme] },
        { text: 'Acme pauses face recognition sales, see https://evil.example/acme.', citations: [acme] },
        { text: '@everyone Acme pauses face recognition sales.', citations: [acme] },
      ),
    );
    const posted = await tick();
    const written = lines.find((l) => l.message === 'digest summary written');
    expect(written?.details).toMatchObject({
      result: 'written',
      dropped: ['no-citation', 'unknown-passage', 'misquote', 'foreign-link'],
    });

    const content = posted[0]?.content ?? '';
    expect(content).toBe(
      [
        HEADING,
        `everyone Acme pauses face recognition sales. [${acme}]`,
        `[${acme}] [Acme pauses face recognition sales](<https://example.org/acme-statement>)`,
      ].join('\n'),
    );
    expect(content).not.toContain('Privacy is under attack');
    expect(content).not.toContain('old case');
    expect(content).not.toContain('never sell');
    expect(content).not.toContain('evil.example');
  });

  it('GIVEN a summary none of whose sentences pass the check THEN the digest is posted as if no model were configured', async () => {
    const withModel = await setup({ model: true });
    openai.enqueue(answer({ text: 'Lawmakers everywhere are moving fast on privacy.', citations: [] }));
    const posted = await withModel.tick();

    discord.channelMessages.length = 0;
    const plain = await (await setup({ model: false })).tick();
    expect(posted).toEqual(plain);
    expect(posted[0]?.content).toBe(HEADING);
    expect(withModel.lines.map((l) => l.message)).toContain('digest posted without a summary');
  });

  for (const [what, reply] of [
    ['times out', { kind: 'hang' }],
    ['answers 500', { kind: 'status', status: 500 }],
    ['returns garbage', { kind: 'raw', body: 'not json at all' }],
    ['returns prose without citations', { kind: 'text', content: 'Lots happened today. Read on.' }],
    ['refuses', { kind: 'refusal', refusal: 'I cannot help with that.' }],
  ] satisfies [string, ScriptedReply][]) {
    it(`GIVEN a model that ${what} THEN the digest is posted without the paragraph, once`, async () => {
      const { tick } = await setup({ model: true, timeoutMs: 400 });
      openai.enqueue(reply);
      const posted = await tick();

      expect(openai.requests.length).toBeGreaterThan(0);
      expect(posted[0]?.content).toBe(HEADING);
      expect(posted.length).toBeGreaterThan(0);
      expect(posted.every((m) => m.embeds.length > 0)).toBe(true);
      expect(discord.violations).toEqual([]);
    });
  }

  it('GIVEN no model configured THEN the digest has no paragraph and no model is called', async () => {
    const { tick, digests } = await setup({ model: false });
    const preview = await digests.preview(GUILD, CHANNEL);
    const posted = await tick();

    expect(preview?.messages[0]?.content).toBe(HEADING);
    expect(posted[0]?.content).toBe(HEADING);
    expect(openai.requests).toEqual([]);
  });

  it('GIVEN a configured model WHEN the digest is previewed THEN the preview shows the summary that would be posted', async () => {
    const { n, digests } = await setup({ model: true });
    const bill = n('ca-bill', 'upcoming');
    openai.enqueue(
      answer({
        text: 'The California surveillance moratorium bill sunsets on 25 November.',
        citations: [bill],
      }),
    );
    const preview = await digests.preview(GUILD, CHANNEL);

    expect(preview?.messages[0]?.content).toBe(
      [
        HEADING,
        `The California surveillance moratorium bill sunsets on 25 November. [${bill}]`,
        `[${bill}] [California surveillance moratorium bill](<https://example.org/ca-bill>)`,
      ].join('\n'),
    );
    expect(discord.channelMessages).toEqual([]);
  });

  it('GIVEN a model writing very long sentences THEN the summary is cut to whole sentences and every message stays within Discord limits', async () => {
    const { n, tick } = await setup({ model: true });
    const letter = n('ban-letter', 'new');
    const long = `${'A coalition letter calling for a face recognition ban was added today, '.repeat(9)}again.`;
    openai.enqueue(
      answer(
        { text: long, citations: [letter] },
        { text: long, citations: [letter] },
        { text: long, citations: [letter] },
      ),
    );
    const posted = await tick();

    const content = posted[0]?.content ?? '';
    const summary = content.slice(HEADING.length + 1);
    expect(summary.length).toBeLessThanOrEqual(MAX_SUMMARY_CHARS);
    expect(summary.split(long).length - 1).toBe(2);
    expect(discord.violations).toEqual([]);
  });
});
