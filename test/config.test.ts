import { describe, expect, test } from 'vitest';
import { applicationIdFromToken, loadConfig } from '../src/config.js';

/** A token shaped like Discord's: base64 of the bot's id, a timestamp part, an HMAC part (all made up). */
const tokenFor = (id: string) =>
  `${Buffer.from(id).toString('base64').replace(/=+$/, '')}.GhQxYz.${'x'.repeat(38)}`;

describe('DISCORD_CLIENT_ID', () => {
  test('GIVEN only a bot token WHEN config loads THEN the application id is read from the token', () => {
    const config = loadConfig({ DISCORD_TOKEN: tokenFor('1175093712345678901') });
    expect(config.discord.clientId).toBe('1175093712345678901');
    expect(applicationIdFromToken(tokenFor('400000000000000001'))).toBe('400000000000000001');
  });

  test('GIVEN DISCORD_CLIENT_ID set WHEN config loads THEN it overrides what the token says', () => {
    const config = loadConfig({
      DISCORD_TOKEN: tokenFor('1175093712345678901'),
      DISCORD_CLIENT_ID: '222222222222222222',
    });
    expect(config.discord.clientId).toBe('222222222222222222');
  });

  test('GIVEN a token that carries no id, or none WHEN config loads THEN there is no application id', () => {
    expect(loadConfig({ DISCORD_TOKEN: 'fake-bot-token' }).discord.clientId).toBeUndefined();
    expect(
      loadConfig({ DISCORD_TOKEN: `${Buffer.from('not-an-id').toString('base64')}.a.b` }).discord.clientId,
    ).toBeUndefined();
    expect(loadConfig({}).discord.clientId).toBeUndefined();
  });
});
