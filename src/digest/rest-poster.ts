// The only digest file that speaks Discord: it turns a DigestMessage into a REST call and Discord's errors
// into DeliveryErrors. REST needs no gateway, so `dossier digest tick` can deliver from a cron job.
import { DiscordAPIError, HTTPError, RateLimitError, REST, Routes } from 'discord.js';
import type { DigestMessage } from './build-digest.js';
import { DeliveryError, type MessagePoster } from './post-message.js';

export interface RestPosterOptions {
  token: string;
  /** DISCORD_API_URL: a rate-limit proxy or a fake Discord; Discord's own API when undefined. */
  apiUrl?: string | undefined;
  /** Rate-limit waits up to this long happen inside the call; longer ones fail as transient. */
  maxWaitMs?: number;
  /** Attempts after a 5xx or a network error before failing as transient. */
  retries?: number;
  timeoutMs?: number;
  /** discord.js keeps to Discord's global limit (50/s) by default; a shared rate-limit proxy may allow more. */
  globalRequestsPerSecond?: number;
}

export function createRestPoster(options: RestPosterOptions): MessagePoster {
  const maxWaitMs = options.maxWaitMs ?? 5_000;
  const rest = new REST({
    version: '10',
    ...(options.apiUrl ? { api: options.apiUrl } : {}),
    retries: options.retries ?? 2,
    timeout: options.timeoutMs ?? 15_000,
    rejectOnRateLimit: (limit) => limit.retryAfter > maxWaitMs,
    ...(options.globalRequestsPerSecond ? { globalRequestsPerSecond: options.globalRequestsPerSecond } : {}),
  }).setToken(options.token);
  return {
    async postMessage(channelId, message, nonce) {
      try {
        // With files, discord.js sends multipart/form-data: the JSON as payload_json, each file as files[n].
        await rest.post(Routes.channelMessages(channelId), {
          body: toBody(message, nonce),
          ...(message.files?.length
            ? {
                files: message.files.map((f) => ({ name: f.name, data: f.data, contentType: f.contentType })),
              }
            : {}),
        });
      } catch (error) {
        throw toDeliveryError(channelId, error);
      }
    },
  };
}

function toBody(message: DigestMessage, nonce: string | undefined) {
  return {
    ...(message.content ? { content: message.content } : {}),
    embeds: message.embeds,
    // A digest never pings anyone, whatever an entry's title contains.
    allowed_mentions: { parse: [] },
    // Each file's alt text, by its index among the uploaded files.
    ...(message.files?.length
      ? {
          attachments: message.files.map((f, id) => ({ id, filename: f.name, description: f.description })),
        }
      : {}),
    ...(nonce ? { nonce, enforce_nonce: true } : {}),
  };
}

export function toDeliveryError(channelId: string, error: unknown): DeliveryError {
  if (error instanceof DiscordAPIError) {
    const what = `channel ${channelId}: ${error.status} ${error.message}`;
    if (error.status === 404) return new DeliveryError('gone', `the channel no longer exists (${what})`, 404);
    if (error.status === 403)
      return new DeliveryError('forbidden', `the bot may not post in the channel (${what})`, 403);
    if (error.status === 429 || error.status >= 500)
      return new DeliveryError('transient', what, error.status);
    // Any other 4xx is our request's fault; retrying would fail the same way, so it is reported, not retried.
    return new DeliveryError('forbidden', `Discord refused the digest (${what})`, error.status);
  }
  if (error instanceof RateLimitError)
    return new DeliveryError(
      'transient',
      `channel ${channelId}: rate limited for ${error.retryAfter} ms`,
      429,
      error.retryAfter,
    );
  if (error instanceof HTTPError)
    return new DeliveryError(
      'transient',
      `channel ${channelId}: ${error.status} ${error.message}`,
      error.status,
    );
  return new DeliveryError(
    'transient',
    `channel ${channelId}: ${(error as Error)?.message ?? String(error)}`,
  );
}
