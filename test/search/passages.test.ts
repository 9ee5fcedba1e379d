import { describe, expect, it } from 'vitest';
import type { Doc } from '../../src/kb/schema.js';
import { splitPassages } from '../../src/search/passages.js';

const doc = (body: string) =>
  ({
    id: 'r',
    type: 'report',
    title: 'The report',
    date: '2024-01-01',
    summary: 'A report.',
    aliases: [],
    questions: [],
    tags: [],
    sources: [],
    related: [],
    body,
  }) as unknown as Doc;

const words = (n: number, word: string) => Array.from({ length: n }, () => word).join(' ');

/** The body's passages: heading and text. */
const bodyPassages = (body: string) =>
  splitPassages(doc(body))
    .slice(1)
    .map((p) => [p.heading, p.text]);

describe('passages', () => {
  it('GIVEN blank lines holding spaces, tabs, carriage returns or other white space WHEN split THEN each still ends a paragraph, and white space without a second newline does not', () => {
    const long = words(30, 'alpha');
    const body = [
      long,
      ' \t\r',
      `\u00a0${words(30, 'beta')}`,
      '\u2028',
      `${words(30, 'gamma')} \n\u3000 ${words(2, 'delta')}`,
    ].join('\n');
    expect(bodyPassages(body)).toEqual([
      ['The report', long],
      ['The report', words(30, 'beta')],
      ['The report', `${words(30, 'gamma')} \n\u3000 ${words(2, 'delta')}`],
    ]);
  });

  it('GIVEN short paragraphs and headings WHEN split THEN short paragraphs join the next under their heading, a heading starts a passage, and a # without a space is text', () => {
    const body = `short one\n\n\n${words(30, 'long')}\n\n## Method #\nrest of it\n\n${words(24, 'x')}\n \n${words(1, 'y')}\n\n#hashtag ${words(30, 'z')}\n\n`;
    expect(bodyPassages(body)).toEqual([
      ['The report', `short one\n\n${words(30, 'long')}`],
      ['Method', `rest of it\n\n${words(24, 'x')}`],
      ['Method', `${words(1, 'y')}\n\n#hashtag ${words(30, 'z')}`],
    ]);
  });
});
