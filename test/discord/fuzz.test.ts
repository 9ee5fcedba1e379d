import { expect, test } from 'vitest';
import { type FakeInteraction, type OptionInput, PERMISSIONS } from '../fakes/fake-discord.js';
import { type Bot, startBot } from './harness.js';

/** mulberry32: a small seeded PRNG, so a failing run can be replayed with the same seed. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEED = 20261122;
const COUNT = 2000;
const IN_FLIGHT = 50;
/**
 * How long one interaction may take to be acknowledged and answered. This test is about what the bot
 * answers, not how fast (bench/discord-latency.ts measures that): each case is a full round trip (gateway
 * dispatch to the real discord.js client, the command, REST calls back to the fake, which checks every
 * payload), about 1.5 ms of CPU alone, but the first 50 reach a cold bot at once, and on a loaded machine
 * they took up to 7 s, past the fake's usual 3 s acknowledgement window and 5 s wait. A reply that does
 * not come within this is lost, not slow. The whole test may take three times this.
 */
const PATIENCE_MS = 60_000;

const NASTY = [
  '@everyone',
  '@here',
  '<@&123456789012345678>',
  '<@400000000000000001>',
  '<#300000000000000001>',
  '**bold** __under__ ~~strike~~ ||spoiler|| `code` ```block```',
  '> quote\n# heading\n- list',
  '[link](https://example.com) <https://evil.example>',
  '\u202e\u0645\u0631\u062d\u0628\u0627 RTL',
  'Z\u0351\u0345\u035a\u0353a\u0308\u0301\u0327l\u0336g\u0315o\u0489',
  '🏳️‍🌈👩‍👩‍👧‍👦🇺🇸'.repeat(30),
  '\u0000\u0001\u0007 control',
  '\ud800 lone surrogate',
  '   ',
  '',
  'bipa',
  'illinois-bipa',
  'Amazon',
  'US-IL',
  'Illinois',
  '2019',
  '2019-02-30',
  '99999-01-01',
  '1',
  'null',
  'undefined',
  '__proto__',
  'constructor',
  '../../etc/passwd',
  "'; DROP TABLE passages; --",
  'MATCH "x" OR NEAR(a b)',
  '"unbalanced',
  '*',
  'ünïcödé façade',
  '申し立て 顔認識',
];

test(`GIVEN ${COUNT} random interactions WHEN sent ${IN_FLIGHT} at a time THEN each gets a reply within limits and nothing fails unexpectedly`, async () => {
  const random = prng(SEED);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const text = (): string => {
    const r = random();
    if (r < 0.05) return 'x'.repeat(1 + Math.floor(random() * 8000));
    if (r < 0.1)
      return Array.from({ length: 50 }, () => pick(NASTY))
        .join(' ')
        .repeat(20);
    if (r < 0.6) return pick(NASTY);
    if (r < 0.8) return Array.from({ length: 1 + Math.floor(random() * 4) }, () => pick(NASTY)).join(' ');
    return String.fromCodePoint(
      ...Array.from({ length: 1 + Math.floor(random() * 40) }, () => Math.floor(random() * 0x2ffff)),
    );
  };

  const bot: Bot = await startBot({ fake: { ackWindowMs: PATIENCE_MS } });
  try {
    const definitions = [...(bot.discord.commands.get('global') ?? [])] as {
      name: string;
      options?: {
        name: string;
        type: number;
        required?: boolean;
        autocomplete?: boolean;
        options?: unknown[];
      }[];
    }[];
    const messageIds: string[] = [];
    const makeOptions = (defs: NonNullable<(typeof definitions)[number]['options']>): OptionInput[] => {
      const out: OptionInput[] = [];
      for (const d of defs) {
        if (d.type === 1 || d.type === 2) continue;
        // Required options are sometimes missing, optional ones sometimes present; types sometimes wrong.
        if (random() < (d.required ? 0.1 : 0.5)) continue;
        const wrongType = random() < 0.05;
        out.push({
          name: d.name,
          type: wrongType ? 4 : d.type,
          value: wrongType ? Math.floor(random() * 1e6) : text(),
        });
      }
      if (random() < 0.05) out.push({ name: 'unknown-option', type: 3, value: text() });
      return out;
    };

    const sendOne = (
      i: number,
    ): { interaction: FakeInteraction; kind: 'command' | 'autocomplete' | 'button' } => {
      const user = { id: `4000000000000${String(100000 + (i % 7))}`, username: `fuzz-${i % 7}` };
      const permissions = random() < 0.3 ? PERMISSIONS.admin : PERMISSIONS.member;
      const guildId = random() < 0.05 ? null : undefined;
      const r = random();
      if (r < 0.15 && messageIds.length > 0) {
        const ids = [
          'search:page:',
          'letter:sig:',
          'ask:',
          'digest:',
          'suggest:',
          'suggest:ib:s:',
          'suggest:acc:',
          'bill:suggest:',
          'nope',
          'search',
          'letter:sig:ban-face-surveillance-2021:',
          ':::',
        ];
        const customId =
          `${pick(ids)}${pick(['', '0', '1', '-1', '999999', 'abc', text().slice(0, 40)])}:${Math.floor(random() * 5)}`.slice(
            0,
            100,
          );
        return {
          interaction: bot.discord.pressButton(pick(messageIds), customId, {
            user,
            permissions,
            guildId,
            force: true,
          }),
          kind: 'button',
        };
      }
      const unknown = random() < 0.03;
      const def = unknown ? { name: `ghost-${i % 3}`, options: [] } : pick(definitions);
      let options = makeOptions(def.options ?? []);
      const subs = (def.options ?? []).filter((o) => o.type === 1);
      if (subs.length) {
        const sub = pick(subs);
        options = [
          {
            name: random() < 0.05 ? 'bogus' : sub.name,
            type: 1,
            options: makeOptions((sub.options ?? []) as (typeof definitions)[number]['options'] & object),
          },
        ];
      }
      const autocompletable = (def.options ?? []).filter((o) => o.autocomplete);
      if (r < 0.4 && autocompletable.length) {
        const focus = pick(autocompletable);
        const rest = options.filter((o) => o.name !== focus.name);
        return {
          interaction: bot.discord.sendCommand(
            def.name,
            {},
            {
              autocomplete: true,
              user,
              guildId,
              rawOptions: [
                ...rest,
                { name: focus.name, type: 3, value: text().slice(0, 100), focused: true },
              ],
            },
          ),
          kind: 'autocomplete',
        };
      }
      return {
        interaction: bot.discord.sendCommand(
          def.name,
          {},
          { user, permissions, guildId, rawOptions: options },
        ),
        kind: 'command',
      };
    };

    let next = 0;
    let answered = 0;
    const kinds = { command: 0, autocomplete: 0, button: 0, shown: 0, modal: 0 };
    const worker = async () => {
      while (next < COUNT) {
        const i = next++;
        const { interaction, kind } = sendOne(i);
        kinds[kind]++;
        if (kind === 'autocomplete') {
          const choices = await interaction.choices(PATIENCE_MS);
          expect(choices.length).toBeLessThanOrEqual(25);
        } else if ((await interaction.firstResponse(PATIENCE_MS)).type === 9) {
          kinds.modal++; // a form opened (/suggest source, Not helpful): its answer is the form itself
        } else {
          const reply = await interaction.reply(PATIENCE_MS);
          expect(reply.content.length + reply.embeds.length).toBeGreaterThan(0);
          if (kind === 'command' && !reply.ephemeral) messageIds.push(reply.id);
          if (!reply.ephemeral) kinds.shown++;
        }
        answered++;
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));

    expect(answered).toBe(COUNT);
    expect(bot.discord.violations).toEqual([]);
    expect(bot.discord.unhandled).toEqual([]);
    const errors = bot.logs.filter((l) => Number(l.level) >= 40);
    expect(errors.map((l) => `${l.msg}: ${JSON.stringify(l.err ?? l).slice(0, 300)}`)).toEqual([]);
    // The run exercised every path: commands that answered publicly, refusals, autocomplete and buttons.
    // (Counts follow the seeded generator and the command list: /ask, /digest and /bill have no top-level
    // autocomplete, so about a tenth of the runs are autocomplete.)
    expect(kinds.command).toBeGreaterThan(800);
    expect(kinds.autocomplete).toBeGreaterThan(180);
    expect(kinds.button).toBeGreaterThan(100);
    expect(kinds.shown).toBeGreaterThan(100);
    expect(bot.logs.some((l) => l.msg === 'refused')).toBe(true);
    expect(bot.logs.some((l) => l.msg === 'refused: options out of date')).toBe(true);
  } finally {
    await bot.stop();
  }
}, 180_000);
