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
    'map',
    'source',
    'help',
    'about',
    'kb',
    'ask',
    'digest',
    'suggest',
    'bill',
  ]);
});

const ADMIN_COMMANDS = ['kb', 'digest'];

test('GIVEN /kb and /digest WHEN registered THEN only Manage Server sees them by default and they are not offered in DMs', () => {
  for (const name of ADMIN_COMMANDS) {
    const json = commands.find((c) => c.data.name === name)?.data.toJSON();
    expect(json?.default_member_permissions).toBe(PermissionFlagsBits.ManageGuild.toString());
    expect(json?.contexts).toEqual([0]);
  }
  for (const c of commands.filter((c) => !ADMIN_COMMANDS.includes(c.data.name)))
    expect(c.data.toJSON().default_member_permissions ?? null).toBeNull();
});
