import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import {
  type Bot,
  copyFixtureKnowledge,
  expectCleanRun,
  removeKnowledgeCopy,
  startBot,
} from '../discord/harness.js';
import { button, buttonsOf, textOf } from '../discord/view.js';
import { type FakeCongress, startFakeCongress } from '../fakes/fake-congress.js';
import { type FakeOpenStates, startFakeOpenStates } from '../fakes/fake-openstates.js';
import { addStateBill, billFile, sourceEnv } from './tracking-fixtures.js';

/**
 * /bill search as a channel sees it: live results from the fake Open States and Congress.gov, the bills the
 * base already has set apart, a button per new bill that suggests it to curators, and a clear reply when a
 * source has no key, is down, rate-limits or answers in a shape it should not.
 */
const member = { id: '400000000000000051', username: 'ana' };
const NOW = new Date('2026-11-29T12:00:00Z');

let os: FakeOpenStates;
let cg: FakeCongress;
let bot: Bot;
let dir: string;
const pageFetches: string[] = [];

beforeAll(async () => {
  os = await startFakeOpenStates({ apiKey: 'os-key' });
  cg = await startFakeCongress({ apiKey: 'cg-key' });
  addStateBill(
    os,
    {
      jurisdiction: 'tx',
      session: '89R',
      identifier: 'HB 149',
      title: 'Relating to facial recognition technology and artificial intelligence',
    },
    { date: '2025-06-20', description: 'Signed by the Governor', classification: ['became-law'] },
  );
  addStateBill(
    os,
    {
      jurisdiction: 'ca',
      session: '20252026',
      identifier: 'AB 1814',
      title: 'Facial recognition technology: police use',
    },
    { date: '2025-04-02', description: 'Referred to Com. on PUB. S.', classification: [] },
  );
  addStateBill(
    os,
    { jurisdiction: 'il', session: '104th', identifier: 'SB 77', title: 'Farm equipment' },
    { date: '2025-05-01', description: 'Filed', classification: ['introduction'] },
  );

  cg.addBill({ congress: 119, type: 'hr', number: 4695, title: 'Facial Recognition Act of 2025' });
  cg.act('119/hr/4695', { date: '2025-07-23', text: 'Introduced in House', type: 'IntroReferral' });
  cg.addBill({ congress: 119, type: 's', number: 999, title: 'Stop Facial Recognition at the Border Act' });
  cg.act('119/s/999', {
    date: '2025-09-10',
    text: 'Read twice and referred to the Committee on the Judiciary.',
    type: 'IntroReferral',
    source: 'Senate',
  });
  cg.addBill({ congress: 119, type: 'hr', number: 77, title: 'Farm Bill Extension Act' });
  cg.act('119/hr/77', { date: '2025-10-01', text: 'Introduced in House', type: 'IntroReferral' });

  dir = await copyFixtureKnowledge();
  // The base already has TX HB 149 by its tracking reference, and H.R. 4695 by its citation.
  await writeFile(
    join(dir, 'bills', 'tx-hb-149.md'),
    billFile('tx-hb-149', 'US-TX', ['{ source: openstates, session: 89R, bill: HB 149 }']),
  );
  await writeFile(
    join(dir, 'bills', 'facial-recognition-act-2025.md'),
    billFile('facial-recognition-act-2025', 'US', []).replace(
      'status: proposed',
      'citation: H.R. 4695 (119th Congress)\nstatus: proposed',
    ),
  );
  bot = await startBot({
    knowledgeDir: dir,
    clock: () => NOW,
    fetchPage: async (url) => {
      pageFetches.push(String(url));
      throw new Error('no page should be fetched for a bill from official data');
    },
    env: sourceEnv({ openstates: os.url, congress: cg.url }),
  });
});
afterAll(async () => {
  await bot?.stop();
  await os?.stop();
  await cg?.stop();
  if (dir) await removeKnowledgeCopy(dir);
});
beforeEach(() => {
  os.down = false;
  cg.down = false;
});
afterEach(() => expectCleanRun(bot, 50));

const search = (options: Record<string, string>, user = member) =>
  bot.discord.sendCommand('bill', options, { subcommand: 'search', user }).reply();

describe('/bill search', () => {
  let results: Awaited<ReturnType<typeof search>>;

  test('GIVEN bills in Open States and Congress.gov WHEN a member searches "facial recognition" THEN the channel sees the new ones with a Suggest button each, and those in the base set apart', async () => {
    results = await search({ query: 'facial recognition' });
    const text = textOf(results);
    expect(results.ephemeral).toBe(false);
    expect(text).toContain('Bills on "facial recognition" in the states and Congress, not yet in the base');
    // Latest action first: S. 999 (Sep 2025), then CA AB 1814 (Apr 2025).
    expect(text).toMatch(
      /\*\*1\. \[S\. 999 \(119th Congress\)\]\(https:\/\/www\.congress\.gov\/bill\/119th-congress\/senate-bill\/999\)\*\* · United States\nStop Facial Recognition at the Border Act\n_Latest:_ Read twice/,
    );
    expect(text).toMatch(
      /\*\*2\. \[CA AB 1814 \(20252026\)\]\(https:\/\/openstates\.org\/ca\/bills\/20252026\/AB1814\/\)\*\* · California/,
    );
    expect(text).toContain(
      'Already in the base: H.R. 4695 (119th Congress) (`facial-recognition-act-2025`), TX HB 149 (89R) (`tx-hb-149`).',
    );
    expect(text).toContain(
      "Congress.gov's API has no keyword search: federal bills are those whose title has every word, among the 3 bills of the 119th Congress with the latest actions.",
    );
    expect(text).not.toMatch(/Farm/);
    expect(buttonsOf(results).map((b) => b.label)).toEqual(['Suggest 1', 'Suggest 2']);
    // Open States was asked once with the words; Congress.gov for its current Congress's list.
    expect(os.requests.at(-1)?.query.get('q')).toBe('facial recognition');
    expect(cg.requests.at(-1)?.path).toBe('/bill/119');
  });

  test('GIVEN the results WHEN the member presses Suggest 2 THEN the bill joins the curators’ inbox with its official link, title, place and number, and the draft tracks it', async () => {
    const reply = await bot.discord
      .pressButton(results.id, button(results, /^Suggest 2$/).customId ?? '', { user: member })
      .reply();
    expect(reply.ephemeral).toBe(true);
    expect(textOf(reply)).toMatch(/your suggestion is in the curators’ inbox/);
    expect(textOf(reply)).toContain(
      'The page says: **Facial recognition technology: police use** (Open States)',
    );
    const guildId = bot.discord.guilds[0]?.id ?? '';
    const [s] = (await bot.ctx.suggestions?.mine(guildId, member.id)) ?? [];
    expect(s).toMatchObject({
      url: 'https://openstates.org/ca/bills/20252026/AB1814/',
      type: 'bill',
      bill: {
        identifier: 'AB 1814',
        jurisdiction: 'US-CA',
        title: 'Facial recognition technology: police use',
        tracking: { source: 'openstates', jurisdiction: 'ca', session: '20252026', bill: 'AB 1814' },
      },
    });
    expect(pageFetches).toEqual([]);
    const drafted = await bot.ctx.suggestions?.accept(guildId, s?.id ?? '', 'curator');
    expect(drafted?.draft?.text).toMatch(/jurisdiction: US-CA\n/);
    expect(drafted?.draft?.text).toMatch(/\ndate: "?2025-04-02"?\n/); // its first action, from Open States
    expect(drafted?.draft?.text).toMatch(
      /tracking:\n {2}- source: openstates\n {4}jurisdiction: ca\n {4}session: "?20252026"?\n {4}bill: AB 1814\n/,
    );
    // Pressed again: the flow's duplicate check answers.
    const again = await bot.discord
      .pressButton(results.id, button(results, /^Suggest 2$/).customId ?? '', { user: member })
      .reply();
    expect(again.content).toMatch(/already suggested/);
  });

  test('GIVEN a bill already suggested and waiting WHEN anyone searches again THEN it is marked "already suggested, waiting for curators" with no Suggest button, and the others keep theirs', async () => {
    const other = { id: '400000000000000052', username: 'ben' };
    const again = await search({ query: 'facial recognition' }, other);
    const text = textOf(again);
    const guildId = bot.discord.guilds[0]?.id ?? '';
    const [s] = (await bot.ctx.suggestions?.inbox(guildId)) ?? [];
    expect(s?.url).toBe('https://openstates.org/ca/bills/20252026/AB1814/');
    expect(text).toContain('Press a number to suggest that bill to the curators.');
    expect(text).toMatch(
      new RegExp(
        `\\*\\*2\\. \\[CA AB 1814 \\(20252026\\)\\][^\\n]*\\n[^\\n]*\\n_Latest:_[^\\n]*\\n_Already suggested by ana, waiting for curators \\(suggestion \`${s?.id}\`, drafted\\)\\._`,
      ),
    );
    expect(text.match(/Already suggested/g)).toHaveLength(1);
    expect(buttonsOf(again).map((b) => b.label)).toEqual(['Suggest 1']);
    // Rejected, it can be suggested again: the button is back.
    await bot.ctx.suggestions?.reject(guildId, s?.id ?? '', 'curator', 'out of scope for now');
    const afterReject = await search({ query: 'facial recognition' }, other);
    expect(textOf(afterReject)).not.toContain('Already suggested');
    expect(buttonsOf(afterReject).map((b) => b.label)).toEqual(['Suggest 1', 'Suggest 2']);
  });

  test('GIVEN more matches than fit WHEN searched THEN ten are listed with ten buttons, five to a row, and the rest counted', async () => {
    for (let n = 1; n <= 12; n++) {
      addStateBill(
        os,
        {
          jurisdiction: 'ny',
          session: '2025-2026',
          identifier: `A ${9000 + n}`,
          title: `Drone surveillance limits, part ${n}`,
        },
        { date: `2025-08-${String(n).padStart(2, '0')}`, description: 'Referred', classification: [] },
      );
    }
    const reply = await search({ query: 'drone surveillance', state: 'NY' });
    expect(reply.components.map((r) => (r.components as unknown[]).length)).toEqual([5, 5]);
    expect(buttonsOf(reply).at(-1)?.label).toBe('Suggest 10');
    expect(textOf(reply)).toContain('2 more not shown: narrow the words or pick a state.');
    expect(textOf(reply)).toMatch(/\*\*1\. \[NY A 9012 \(2025-2026\)\]/);
  });

  test('GIVEN words whose only bills are in the base WHEN searched THEN it says nothing is new, with no buttons', async () => {
    const reply = await search({ query: 'artificial intelligence', state: 'Texas' });
    const text = textOf(reply);
    expect(text).toContain('in Texas, not yet in the base');
    expect(text).toContain('Nothing new: every bill found is already in the knowledge base.');
    expect(text).toContain('Already in the base: TX HB 149 (89R) (`tx-hb-149`).');
    expect(buttonsOf(reply)).toEqual([]);
    expect(os.requests.at(-1)?.query.get('jurisdiction')).toBe('tx');
    const none = await search({ query: 'xylophone tariffs' });
    expect(textOf(none)).toContain('No bills found. Try other words, or another state.');
    expect(buttonsOf(none)).toEqual([]);
  });

  test('GIVEN both APIs down WHEN searched THEN the channel is told which did not answer', async () => {
    os.down = true;
    cg.down = true;
    const reply = await search({ query: 'facial recognition' });
    expect(reply.embeds).toEqual([]);
    expect(reply.content).toBe(
      'Bill search failed: Open States did not answer (HTTP 503); try again later; Congress.gov did not answer (HTTP 503); try again later.',
    );
  });

  test('GIVEN Congress.gov down WHEN searched THEN state results still show, with a note that federal ones are missing', async () => {
    cg.down = true;
    const text = textOf(await search({ query: 'facial recognition' }));
    expect(text).toContain('CA AB 1814');
    expect(text).toContain('Congress.gov did not answer (HTTP 503); try again later.');
    expect(text).not.toContain('S. 999');
  });

  test('GIVEN Open States rate-limiting with a long Retry-After WHEN searched THEN the reply says so instead of waiting', async () => {
    os.rateLimit(1, 120);
    const text = textOf(await search({ query: 'facial recognition' }));
    expect(text).toContain("Open States is rate-limiting this bot's key; try again in a few minutes.");
    expect(text).toContain('S. 999');
  });

  test('GIVEN a malformed Open States answer WHEN searched THEN nothing from it is shown, the reply says so and the reason is logged', async () => {
    os.malformed(3);
    const text = textOf(await search({ query: 'facial recognition' }));
    expect(text).toContain(
      'Open States answered in a shape Dossier does not recognise, so nothing from it is shown (the reason is logged).',
    );
    expect(text).not.toContain('CA AB 1814');
    const warned = bot.logs.findLast(
      (l) => l.msg === 'bill search: source failed' && l.source === 'openstates',
    );
    expect(warned?.kind).toBe('malformed');
    expect(String(warned?.reason)).toMatch(/identifier/);
  });

  test('GIVEN a place that is not a state WHEN searched THEN it says so; GIVEN an old results message WHEN pressed THEN it says the results expired', async () => {
    const bad = await search({ query: 'facial recognition', state: 'Narnia' });
    expect(bad.content).toMatch(/"Narnia" is not a US state I know/);
    await bot.ctx.store.delete(
      `tracking:search:${(button(results, /^Suggest 1$/).customId ?? '').split(':')[2]}`,
    );
    const gone = await bot.discord
      .pressButton(results.id, button(results, /^Suggest 1$/).customId ?? '', { user: member })
      .reply();
    expect(gone.ephemeral).toBe(true);
    expect(gone.content).toBe('These results have expired. Run /bill search again.');
  });
});

describe('/bill search without keys', () => {
  let partial: Bot;
  beforeAll(async () => {
    partial = await startBot({
      clock: () => NOW,
      env: sourceEnv({ congress: cg.url }),
    });
  });
  afterAll(async () => {
    await partial?.stop();
  });

  test('GIVEN only a Congress.gov key WHEN a state is searched THEN one line says Open States is off; WHEN everywhere is searched THEN federal results show with that line as a note', async () => {
    const state = await partial.discord
      .sendCommand(
        'bill',
        { query: 'facial recognition', state: 'TX' },
        { subcommand: 'search', user: member },
      )
      .reply();
    expect(state.ephemeral).toBe(true);
    expect(state.content).toBe('State bill search is off: Open States is off (no OPENSTATES_API_KEY).');
    const all = textOf(
      await partial.discord
        .sendCommand('bill', { query: 'facial recognition' }, { subcommand: 'search', user: member })
        .reply(),
    );
    expect(all).toContain('S. 999 (119th Congress)');
    expect(all).toContain('Open States is off (no OPENSTATES_API_KEY): state bills were not searched.');
    expect(partial.discord.violations).toEqual([]);
  });
});
