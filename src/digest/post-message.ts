import type { DigestMessage } from './build-digest.js';

/**
 * How a digest reaches a channel: one call per message. Implemented over Discord's REST API (rest-poster.ts),
 * so any process can deliver, gateway or not; tests and the console substitute their own.
 */
export interface MessagePoster {
  /**
   * Resolves once Discord has accepted the message. Rejects with a `DeliveryError`.
   * `nonce` lets Discord drop a duplicate of the same message sent again within a few minutes.
   */
  postMessage(channelId: string, message: DigestMessage, nonce?: string): Promise<void>;
}

/**
 * - `gone`: the channel is deleted or unknown (404): the subscription is broken.
 * - `forbidden`: the bot may not see or post in the channel (403): the subscription is broken.
 * - `transient`: rate limited (429), Discord failing (5xx), or the network: try again later today.
 */
export type DeliveryFault = 'gone' | 'forbidden' | 'transient';

export class DeliveryError extends Error {
  override name = 'DeliveryError';
  constructor(
    readonly fault: DeliveryFault,
    message: string,
    readonly status?: number,
    /** How long Discord asked us to wait, for a 429. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}
