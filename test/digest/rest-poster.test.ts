import { afterEach, describe, expect, it } from 'vitest';
import { DeliveryError } from '../../src/digest/post-message.js';
import { createRestPoster } from '../../src/digest/rest-poster.js';
import { missingAccess, startFakeRest, tooManyRequests, unknownChannel } from './fake-rest.js';

const CHANNEL = '200000000000000001';
const message = {
  content: '**Dossier digest** @everyone',
  embeds: [{ title: 'New', description: 'x', color: 1 }],
};
let fake: Awaited<ReturnType<typeof startFakeRest>> | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe('REST delivery', () => {
  it('GIVEN Discord accepts THEN the message arrives with mentions disabled and the nonce enforced', async () => {
    fake = await startFakeRest();
    await createRestPoster({ token: 'test-token', apiUrl: fake.api }).postMessage(CHANNEL, message, 'd123');
    expect(fake.messages).toHaveLength(1);
    expect(fake.messages[0]?.body).toMatchObject({
      content: '**Dossier digest** @everyone',
      allowed_mentions: { parse: [] },
      nonce: 'd123',
      enforce_nonce: true,
    });
  });

  for (const [status, answer, fault] of [
    [403, missingAccess, 'forbidden'],
    [404, unknownChannel, 'gone'],
  ] as const) {
    it(`GIVEN the channel answers ${status} THEN delivery fails as ${fault}, naming the channel`, async () => {
      fake = await startFakeRest(() => answer);
      const error = await createRestPoster({ token: 't', apiUrl: fake.api })
        .postMessage(CHANNEL, message)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DeliveryError);
      expect(error).toMatchObject({ fault, status });
      expect((error as Error).message).toContain(CHANNEL);
    });
  }

  it('GIVEN a short 429 THEN the REST client waits and the message is delivered', async () => {
    fake = await startFakeRest((_, n) => (n === 0 ? tooManyRequests(0.05) : undefined));
    await createRestPoster({ token: 't', apiUrl: fake.api }).postMessage(CHANNEL, message);
    expect(fake.messages).toHaveLength(1);
    expect(fake.requests.get(CHANNEL)).toBe(2);
  });

  it('GIVEN a long 429 THEN delivery fails as transient with the wait Discord asked for', async () => {
    fake = await startFakeRest(() => tooManyRequests(120));
    const error = await createRestPoster({ token: 't', apiUrl: fake.api, maxWaitMs: 1_000 })
      .postMessage(CHANNEL, message)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ fault: 'transient', status: 429 });
    expect((error as DeliveryError).retryAfterMs).toBeGreaterThanOrEqual(100_000);
    expect(fake.messages).toHaveLength(0);
  });

  it('GIVEN Discord answers 503 THEN it is retried, then fails as transient', async () => {
    fake = await startFakeRest(() => ({ status: 503, body: { message: 'Service Unavailable' } }));
    const error = await createRestPoster({ token: 't', apiUrl: fake.api, retries: 1 })
      .postMessage(CHANNEL, message)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ fault: 'transient', status: 503 });
    expect(fake.requests.get(CHANNEL)).toBe(2);
  });
});
