import { escapeMarkdown } from 'discord.js';
import { describe, expect, test } from 'vitest';
import {
  clampChoices,
  clampEmbed,
  joinWithin,
  oneLine,
  quoteUserText,
  toMessageOptions,
  truncate,
  truncateMarkdown,
} from '../../src/discord/reply.js';
import { checkChoices, checkMessage } from '../fakes/payload-limits.js';

/** The payload as discord.js would send it: snake_case allowed_mentions. */
function wire(options: ReturnType<typeof toMessageOptions>) {
  const { allowedMentions, ...rest } = options;
  return {
    ...rest,
    allowed_mentions: { parse: allowedMentions.parse, replied_user: allowedMentions.repliedUser },
  };
}

describe('reply layer limits', () => {
  test('GIVEN text over a limit WHEN truncated THEN it ends with an ellipsis and never splits an emoji', () => {
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('abc', 4)).toBe('abc');
    const emoji = `${'a'.repeat(8)}😀😀`;
    const cut = truncate(emoji, 10);
    expect(cut.length).toBeLessThanOrEqual(10);
    expect(cut).toBe(`${'a'.repeat(8)}…`);
  });

  test('GIVEN a long list WHEN joined within a budget THEN it says how many more there are', () => {
    const lines = Array.from({ length: 100 }, (_, i) => `line ${i}`);
    const text = joinWithin(lines, 60);
    expect(text.length).toBeLessThanOrEqual(60);
    expect(text).toMatch(/^line 0\nline 1\n.*\n…and \d+ more$/s);
    const shown = text.split('\n').length - 1;
    expect(text).toContain(`…and ${100 - shown} more`);
    expect(joinWithin(['short'], 60)).toBe('short');
    expect(joinWithin(['x'.repeat(500), 'y'], 50).length).toBeLessThanOrEqual(50);
  });

  test('GIVEN only the start of a long list and its length WHEN joined THEN the text is the same as from every line', () => {
    const lines = Array.from({ length: 10_000 }, (_, i) => `line ${i}`);
    for (const [max, start] of [
      [60, 20],
      [60, 8],
      [4, 3],
    ] as const)
      expect(joinWithin(lines.slice(0, start), max, undefined, '\n', lines.length)).toBe(
        joinWithin(lines, max),
      );
    // A start that fits whole still says the rest is there.
    expect(joinWithin(['a', 'b'], 60, undefined, '\n', 5)).toBe('a\nb\n…and 3 more');
  });

  test('GIVEN an embed over every limit WHEN clamped THEN each part and the total fit, with "and N more" for dropped fields', () => {
    const embed = clampEmbed({
      title: 't'.repeat(1000),
      description: 'd'.repeat(10_000),
      fields: Array.from({ length: 40 }, (_, i) => ({ name: `n${i}`.repeat(200), value: 'v'.repeat(2000) })),
      footer: { text: 'f'.repeat(3000) },
      url: 'javascript:alert(1)',
    });
    expect(checkMessage({ embeds: [embed], allowed_mentions: { parse: [] } })).toEqual([]);
    expect(embed.url).toBeUndefined();
    const empty = clampEmbed({ title: '', fields: [{ name: '', value: '' }] });
    expect(empty.fields?.[0]).toEqual({ name: '—', value: '—' });
    const many = clampEmbed({
      fields: Array.from({ length: 30 }, (_, i) => ({ name: `n${i}`, value: 'v' })),
    });
    expect(many.fields).toHaveLength(25);
    expect(many.fields?.[24]).toEqual({ name: '…', value: 'and 6 more' });
  });

  test('GIVEN eleven large embeds and long content WHEN sent THEN the message fits: 10 embeds, 6,000 characters, 2,000 content', () => {
    const embeds = Array.from({ length: 11 }, () => ({ title: 'x', description: 'y'.repeat(4000) }));
    const options = toMessageOptions({ content: '@everyone '.repeat(500), embeds, ephemeral: true });
    expect(checkMessage(wire(options))).toEqual([]);
    expect(options.embeds.length).toBeLessThanOrEqual(10);
    expect(options.content.length).toBe(2000);
    expect(options.flags).toBe(64);
    expect(options.allowedMentions).toEqual({ parse: [], repliedUser: false });
  });

  test('GIVEN buttons WHEN sent THEN rows, buttons per row and labels fit, and a custom_id over 100 is refused loudly', () => {
    const button = (i: number) => ({
      type: 2 as const,
      style: 2 as const,
      label: 'L'.repeat(100),
      custom_id: `search:${i}`,
    });
    const rows = Array.from({ length: 7 }, (_, r) => ({
      type: 1 as const,
      components: Array.from({ length: 7 }, (_, i) => button(r * 10 + i)),
    }));
    const options = toMessageOptions({ components: rows });
    expect(checkMessage(wire(options))).toEqual([]);
    expect(options.components).toHaveLength(5);
    expect(() =>
      toMessageOptions({
        components: [{ type: 1, components: [{ ...button(1), custom_id: 'x'.repeat(101) }] }],
      }),
    ).toThrow(/custom_id longer than 100/);
  });

  test('GIVEN too many, long or duplicate choices WHEN clamped THEN 25 unique choices within 100 characters remain', () => {
    const choices = clampChoices([
      { name: 'a', value: 'same' },
      { name: 'b', value: 'same' },
      ...Array.from({ length: 40 }, (_, i) => ({ name: 'n'.repeat(300), value: `${i}`.repeat(60) })),
    ]);
    expect(choices).toHaveLength(25);
    expect(checkChoices({ choices })).toEqual([]);
    expect(choices.filter((c) => c.value === 'same')).toHaveLength(1);
  });
});

describe('text members typed, quoted back', () => {
  // Every character escapeMarkdown escapes, whitespace of every kind, and plain words, in many mixes.
  const pieces = [
    'word',
    ' ',
    '  ',
    '\n',
    '\t',
    '\u00a0',
    '\u2003',
    '*',
    '**',
    '_',
    '__',
    '`',
    '```',
    '~~',
    '~',
    '||',
    '|',
    '\\',
    'https://x.org/a_b*c',
    '<:e_1:123>',
    '#',
    '- ',
    '>',
    '[a](b)',
  ];
  const texts: string[] = [];
  let seed = 7;
  for (let i = 0; i < 2000; i++) {
    let text = '';
    for (let n = i % 9; n >= 0; n--) {
      seed = (seed * 48271) % 2147483647;
      text += pieces[seed % pieces.length];
    }
    texts.push(text);
  }

  test('GIVEN any text WHEN made one line THEN each run of whitespace is one space, as a regular expression replace makes it', () => {
    for (const text of texts) expect(oneLine(text)).toBe(text.replace(/\s+/g, ' '));
    expect(oneLine('a \n\t b')).toBe('a b');
  });

  test('GIVEN any text WHEN quoted THEN it is escaped exactly as escapeMarkdown escapes the one-line, bounded text', () => {
    for (const text of texts)
      for (const max of [5, 100])
        expect(quoteUserText(text, max)).toBe(
          escapeMarkdown(truncate(text.replace(/\s+/g, ' ').trim(), max)),
        );
    expect(quoteUserText('face  recognition\n*police*')).toBe('face recognition \\*police\\*');
  });
});

describe('Markdown truncation', () => {
  test('GIVEN a cut that would fall inside a link WHEN truncated THEN the link is dropped whole, never half-shown', () => {
    const text = `${'a'.repeat(50)} [Source title](https://example.org/a/very/long/path) tail`;
    const cut = truncateMarkdown(text, 70);
    expect(cut).toBe(`${'a'.repeat(50)}…`);
    expect(truncateMarkdown(text, 200)).toBe(text);
  });
});

describe('files on a reply', () => {
  test('GIVEN a picture WHEN turned into message options THEN it is attached with its alt text cut to 1,024 and replaces older files', () => {
    const data = Buffer.from('png');
    const options = toMessageOptions({ files: [{ name: 'map.png', data, description: 'd'.repeat(2000) }] });
    expect(options.files).toEqual([
      { attachment: data, name: 'map.png', description: `${'d'.repeat(1023)}…` },
    ]);
    expect(options.attachments).toEqual([]);
    expect('files' in toMessageOptions({ content: 'no files' })).toBe(false);
  });

  test('GIVEN more files than Discord takes WHEN turned into message options THEN it throws naming the limit', () => {
    const files = Array.from({ length: 11 }, (_, i) => ({ name: `${i}.png`, data: Buffer.alloc(1) }));
    expect(() => toMessageOptions({ files })).toThrow('reply: 11 files, Discord takes at most 10');
    expect(() =>
      toMessageOptions({ files: [{ name: 'big.png', data: Buffer.alloc(10 * 1024 * 1024 + 1) }] }),
    ).toThrow(/over Discord's 10485760-byte limit/);
  });
});
