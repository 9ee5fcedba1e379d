import type { Bot } from '../discord/harness.js';
import { button, textOf } from '../discord/view.js';

const QUESTIONS = [
  'What is the penalty under BIPA?',
  'Can my employer in Illinois collect my face scan without consent?',
  'Who signed the 2019 coalition letters?',
];
const FAILED = /Something went wrong|storage is unavailable|error id/;

/**
 * One round of what members do most: /search, its Next button, /ask, /law. Each counts as answered when the
 * member sees the normal answer (not an apology, not a refusal). Returns the failures, described.
 */
export async function lookupRound(bot: Bot, round: number): Promise<{ tried: number; failed: string[] }> {
  const failed: string[] = [];
  const user = { id: `40000000000000${String(1000 + (round % 9000)).padStart(4, '0')}`, username: 'm' };
  const check = (what: string, text: string, expected: RegExp) => {
    if (FAILED.test(text) || !expected.test(text)) failed.push(`${what}: ${text.slice(0, 160)}`);
  };
  const search = await bot.discord.sendCommand('search', { query: 'face recognition' }, { user }).reply();
  check('/search', textOf(search), /^Search: face recognition/);
  const next = button(search, /Next/).customId ?? '';
  const page2 = await bot.discord.pressButton(search.id, next, { user }).reply();
  check('Next', textOf(page2), /page 2/);
  const question = QUESTIONS[round % QUESTIONS.length] ?? '';
  const ask = await bot.discord.sendCommand('ask', { question }, { user }).reply();
  check('/ask', textOf(ask), /\[1\]/);
  const law = await bot.discord.sendCommand('law', { name: 'bipa' }, { user }).reply();
  check('/law', textOf(law), /Biometric Information Privacy Act/);
  return { tried: 4, failed };
}
