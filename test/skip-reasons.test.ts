import { afterEach, describe, expect, test } from 'vitest';
import { skipReasons } from './skip-reasons.js';

const saved = { REDIS_URL: process.env.REDIS_URL, POSTGRES_URL: process.env.POSTGRES_URL };
afterEach(() => {
  for (const [key, value] of Object.entries(saved))
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
});

describe('why tests skip', () => {
  test('GIVEN no REDIS_URL and no POSTGRES_URL WHEN a run starts THEN one line each says which tests skip and how to run them', async () => {
    delete process.env.REDIS_URL;
    delete process.env.POSTGRES_URL;
    const reasons = await skipReasons();
    expect(reasons).toContain(
      'Redis store and exactly-once digest tests skipped: REDIS_URL is not set (e.g. REDIS_URL=redis://127.0.0.1:6379)',
    );
    expect(reasons).toContain(
      'Postgres store tests skipped: POSTGRES_URL is not set (e.g. POSTGRES_URL=postgres://postgres@127.0.0.1:5432/test)',
    );
    for (const reason of reasons) expect(reason).not.toContain('\n');
  });

  test('GIVEN a Redis URL nothing answers WHEN a run starts THEN the line says it is unreachable', async () => {
    process.env.REDIS_URL = 'redis://127.0.0.1:1';
    const reasons = await skipReasons();
    expect(reasons.find((r) => r.startsWith('Redis store'))).toMatch(
      /^Redis store and exactly-once digest tests skipped: Redis at redis:\/\/127\.0\.0\.1:1 is unreachable: /,
    );
  });
});
