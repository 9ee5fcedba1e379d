import { expect, test } from 'vitest';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/log.js';

test('GIVEN a config with a token and key WHEN logged with an error carrying a webhook URL THEN no secret reaches the log', () => {
  const lines: string[] = [];
  const logger = createLogger('info', { write: (line: string) => void lines.push(line) });
  const token = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GabcDE.abcdefghijklmnopqrstuvwxyz0123';
  const config = loadConfig({ DISCORD_TOKEN: token, OPENAI_API_KEY: 'sk-proj-abcdefghijklmnopqrstuv' });
  logger.info({ config }, 'started');
  const error = Object.assign(new Error(`request failed with Bot ${token}`), {
    url: 'https://discord.com/api/v10/webhooks/1234567890123456789/aW50ZXJhY3Rpb24tdG9rZW4/messages/@original',
    requestBody: { headers: { authorization: `Bot ${token}` } },
  });
  logger.error({ err: error }, 'failed');
  const all = lines.join('\n');
  expect(lines).toHaveLength(2);
  expect(all).not.toContain(token);
  expect(all).not.toContain('sk-proj-abcdefghijklmnopqrstuv');
  expect(all).not.toContain('aW50ZXJhY3Rpb24tdG9rZW4');
  expect(all).toContain('webhooks/1234567890123456789/[redacted]/messages');
  expect(all).toContain('request failed with Bot [redacted]');
});
