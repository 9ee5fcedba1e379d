import { PermissionFlagsBits } from 'discord.js';
import { expect, test } from 'vitest';
import { commands } from '../../commands/index.js';
import { checkCommands } from '../fakes/payload-limits.js';

test('GIVEN the command list WHEN built THEN names are unique and every definition is valid for Discord', () => {
  const json = commands.map((c) => c.data.toJSON());
  expect(new Set(json.map((c) => c.name)).size).toBe(json.length);
  expect(checkCommands(json)).toEqual([]);
  expect(json.map((c) => c.name)).toEqual([
    'search',
    'law',
    'letter',
    'statement',
    'timeline',
    'source',
    'help',
    'about',
    'kb',
  ]);
});

test('GIVEN /kb WHEN registered THEN only Manage Server sees it by default and it is not offered in DMs', () => {
  const kb = commands.find((c) => c.data.name === 'kb')?.data.toJSON();
  expect(kb?.default_member_permissions).toBe(PermissionFlagsBits.ManageGuild.toString());
  expect(kb?.contexts).toEqual([0]);
  for (const c of commands.filter((c) => c.data.name !== 'kb'))
    expect(c.data.toJSON().default_member_permissions ?? null).toBeNull();
});
