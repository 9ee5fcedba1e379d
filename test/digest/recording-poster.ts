import type { DigestMessage } from '../../src/digest/build-digest.js';
import { DeliveryError, type MessagePoster } from '../../src/digest/post-message.js';
import type { DigestLogger } from '../../src/digest/run-digest-tick.js';

export interface Posted {
  channelId: string;
  message: DigestMessage;
  nonce: string | undefined;
}

/**
 * A MessagePoster that records what was accepted. `fault` decides per call: undefined accepts, a
 * DeliveryError (or any error) rejects, 'hang' never settles (a process that died mid-send).
 */
export function recordingPoster(
  fault: (channelId: string, call: number) => Error | 'hang' | undefined = () => undefined,
) {
  const posted: Posted[] = [];
  let calls = 0;
  const poster: MessagePoster = {
    async postMessage(channelId, message, nonce) {
      const f = fault(channelId, calls++);
      if (f === 'hang') return new Promise<void>(() => {});
      if (f) throw f;
      posted.push({ channelId, message, nonce });
    },
  };
  return { poster, posted };
}

export const forbidden = () =>
  new DeliveryError('forbidden', 'the bot may not post in the channel (403)', 403);
export const gone = () => new DeliveryError('gone', 'the channel no longer exists (404)', 404);
export const rateLimited = (ms: number) =>
  new DeliveryError('transient', `rate limited for ${ms} ms`, 429, ms);

export function recordingLogger() {
  const lines: { level: string; message: string; details: object }[] = [];
  const at =
    (level: string) =>
    (details: object, message: string): void => {
      lines.push({ level, message, details });
    };
  const logger: DigestLogger = { info: at('info'), warn: at('warn'), error: at('error') };
  return { logger, lines };
}

export const serverError = () => new DeliveryError('transient', '503 Service Unavailable', 503);
