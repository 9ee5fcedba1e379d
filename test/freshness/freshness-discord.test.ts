import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { recordReview } from '../../src/freshness/reviews.js';
import { type Bot, startBot } from '../discord/harness.js';
import { textOf } from '../discord/view.js';

/** The bot as of 29 Nov 2026: the fixture BIPA status is as of 2 Aug 2024, the federal bill's of 7 Mar 2023. */
const NOW = new Date('2026-11-29T12:00:00Z');
let bot: Bot;
beforeAll(async () => {
  bot = await startBot({ clock: () => NOW });
});
afterAll(async () => bot?.stop());
afterEach(() => {
  expect(bot.discord.violations).toEqual([]);
});

describe('freshness where members read', () => {
  test('GIVEN a law whose status was checked over 120 days ago WHEN a member opens its card THEN the status says it may be out of date and when it was last checked', async () => {
    const text = textOf(await bot.discord.sendCommand('law', { name: 'bipa' }).reply());
    expect(text).toContain('In force as of 2 Aug 2024');
    expect(text).toContain('⚠️ May be out of date — last checked 2 Aug 2024 (2 years ago)');
  });

  test('GIVEN a federal bill still proposed after its Congress ended WHEN a member opens its card THEN it says why the status may be out of date', async () => {
    const text = textOf(await bot.discord.sendCommand('law', { name: 'federal moratorium bill' }).reply());
    expect(text).toContain('⚠️ May be out of date — last checked 7 Mar 2023 (3 years ago)');
    expect(text).toContain('Why this may be out of date');
    expect(text).toContain('Still "proposed" (as of 7 Mar 2023) but the 118th Congress ended on 3 Jan 2025');
  });

  test('GIVEN a curator marked the law still accurate yesterday WHEN a member opens its card or /source THEN the status says when it was checked, without a warning', async () => {
    await recordReview(bot.ctx.store, {
      entryId: 'illinois-bipa',
      decision: 'accurate',
      by: { id: '1', name: 'curator' },
      at: new Date('2026-11-28T09:00:00Z'),
    });
    const card = textOf(await bot.discord.sendCommand('law', { name: 'bipa' }).reply());
    expect(card).toContain('Status checked 28 Nov 2026 (yesterday)');
    expect(card).not.toContain('May be out of date');
    const source = textOf(await bot.discord.sendCommand('source', { id: 'illinois-bipa' }).reply());
    expect(source).toContain('in force as of 2 Aug 2024\nStatus checked 28 Nov 2026 (yesterday)');
  });

  test("GIVEN an answer citing a law WHEN asked THEN the answer ends with how fresh that law's status is", async () => {
    const reply = await bot.discord
      .sendCommand('ask', { question: 'Does BIPA require written consent to collect a fingerprint?' })
      .reply();
    const text = textOf(reply);
    expect(text).toContain(
      'Not legal advice. Illinois Biometric Information Privacy Act (BIPA): in force as of 2024-08-02',
    );
    expect(text).toContain(
      'Illinois Biometric Information Privacy Act (BIPA): status checked 28 Nov 2026 (yesterday)',
    );
  });

  test('GIVEN a bill whose status is overdue WHEN /source shows it THEN it warns before a member relies on it', async () => {
    const text = textOf(
      await bot.discord.sendCommand('source', { id: 'facial-recognition-moratorium-act' }).reply(),
    );
    expect(text).toContain(
      'proposed as of 7 Mar 2023\n⚠️ May be out of date — last checked 7 Mar 2023 (3 years ago)',
    );
  });
});
