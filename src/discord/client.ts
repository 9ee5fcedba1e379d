import { Client, type ClientOptions, Events, GatewayIntentBits, Options } from 'discord.js';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { createJsonTransformer } from './json-transformer.js';
import { NO_MENTIONS } from './reply.js';
import { makeRequest } from './rest-request.js';
import type { Router } from './router.js';

/** discord.js shard options from SHARD_COUNT: "auto" asks Discord; N runs shards 0..N-1 in this process. */
export function shardOptions(discord: Config['discord']): Pick<ClientOptions, 'shards' | 'shardCount'> {
  // Under the ShardingManager, discord.js reads this process's shards from the environment the manager set.
  if (discord.managedShards) return {};
  if (discord.shardCount === 'auto') return { shards: 'auto' };
  return { shards: [...Array(discord.shardCount).keys()], shardCount: discord.shardCount };
}

/**
 * The discord.js client: the Guilds intent only (slash commands need no message content), mentions
 * disabled for every message, REST through DISCORD_API_URL when set (a rate-limit proxy, or the fake
 * Discord in tests) and undici's dispatcher (src/discord/rest-request.ts). Every interaction goes to the
 * router.
 */
export function createDiscordClient(config: Readonly<Config>, router: Router, logger: Logger): Client {
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    allowedMentions: NO_MENTIONS,
    // Interactions carry what handlers need; caching every member and message they mention only grows memory.
    makeCache: Options.cacheWithLimits({
      ...Options.DefaultMakeCacheSettings,
      MessageManager: 0,
      PresenceManager: 0,
      ReactionManager: 0,
      GuildMemberManager: { maxSize: 200, keepOverLimit: (member) => member.id === member.client.user.id },
      UserManager: { maxSize: 200, keepOverLimit: (user) => user.id === user.client.user.id },
    }),
    // discord.js's own snake_case conversion of outgoing embeds, buttons and choices, keys remembered.
    jsonTransformer: createJsonTransformer(),
    rest: { ...(config.discord.apiUrl ? { api: config.discord.apiUrl } : {}), makeRequest },
    ...shardOptions(config.discord),
  });
  client.on(Events.InteractionCreate, (interaction) => void router.handle(interaction));
  client.once(Events.ClientReady, (ready) => {
    logger.info(
      {
        user: ready.user.tag,
        applicationId: ready.application.id,
        guilds: ready.guilds.cache.size,
        shards: ready.ws.shards.size,
      },
      'connected to Discord',
    );
  });
  client.on(Events.ShardReady, (shardId) => logger.debug({ shardId }, 'shard ready'));
  client.on(Events.ShardDisconnect, (event, shardId) =>
    logger.warn({ shardId, code: event.code }, 'shard disconnected'),
  );
  client.on(Events.ShardError, (error, shardId) => logger.error({ err: error, shardId }, 'shard error'));
  client.on(Events.Error, (error) => logger.error({ err: error }, 'client error'));
  client.on(Events.Warn, (message) => logger.warn({ message }, 'discord.js warning'));
  return client;
}
