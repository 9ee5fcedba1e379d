import { Options } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { createJsonTransformer } from '../../src/discord/json-transformer.js';
import {
  actionButton,
  cardEmbed,
  clampChoices,
  linkButton,
  row,
  toMessageOptions,
} from '../../src/discord/reply.js';

const base = Options.createDefault().jsonTransformer as (obj: unknown) => unknown;

describe('createJsonTransformer', () => {
  const fast = createJsonTransformer();
  const samples: [string, unknown][] = [
    [
      'an embed',
      cardEmbed(
        { title: 'Illinois BIPA', description: 'A law', fields: [{ name: 'Status', value: 'In force' }] },
        '2026-11-22',
      ),
    ],
    [
      'a button row',
      row(actionButton('search:page:1:0', 'Next ▶'), linkButton('Source', 'https://example.org')),
    ],
    ['autocomplete choices', clampChoices([{ name: 'Illinois BIPA (law, 2008)', value: 'illinois-bipa' }])],
    ['a whole message', toMessageOptions({ content: 'hi', embeds: [{ title: 't' }], ephemeral: true })],
    ['camelCase keys, nested', { customId: 'a', fooBarBaz: [1, { innerKey: 'x' }], deep: { aB: { cD: 1 } } }],
    ['a date', { when: new Date(0), list: [new Date(1)] }],
    ['an object with toJSON', { nested: { toJSON: () => ({ aB: 1 }) } }],
    ['a string emoji', { emoji: '👍', label: 'x' }],
    ['an object emoji', { emoji: { id: '1', name: 'x' } }],
    ['nothing', null],
    ['a number', 3],
    ['nested arrays', [1, [2, { aB: 1 }]]],
  ];
  for (const [what, sample] of samples)
    it(`GIVEN ${what} WHEN transformed THEN the JSON is exactly discord.js's own`, () => {
      const expected = JSON.stringify(base(sample));
      expect(JSON.stringify(fast(sample))).toBe(expected);
      // Again, now that its keys are remembered.
      expect(JSON.stringify(fast(sample))).toBe(expected);
    });
});
