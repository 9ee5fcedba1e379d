import { existsSync } from 'node:fs';
import { z } from 'zod';

/**
 * The one place that reads the environment. Parsed once at start; every bad variable is named at once.
 * Missing model settings disable LLM answers, not the bot; a missing Discord token opens the console.
 */
const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalString = z.preprocess(blankToUndefined, z.string().optional());
const snowflake = z.preprocess(
  blankToUndefined,
  z
    .string()
    .regex(/^\d{17,20}$/, { error: 'expected a Discord id (17-20 digits)' })
    .optional(),
);
const url = z.preprocess(blankToUndefined, z.url({ error: 'expected a URL' }).optional());
/** "a.org, b.gov" → ["a.org", "b.gov"]. */
const hostList = z.preprocess(
  (v) => (typeof v === 'string' ? v.split(/[\s,]+/).filter(Boolean) : []),
  z.array(z.string().regex(/^[\w.-]+\.[a-z]{2,}$/i, { error: 'expected host names separated by commas' })),
);
const positiveInt = (fallback: number) =>
  z.preprocess(blankToUndefined, z.coerce.number().int().positive().default(fallback));

export const Env = z.object({
  DISCORD_TOKEN: optionalString,
  DISCORD_CLIENT_ID: snowflake,
  DISCORD_GUILD_ID: snowflake,
  DISCORD_API_URL: url,
  SHARD_COUNT: z.preprocess(
    blankToUndefined,
    z.union([z.literal('auto'), z.coerce.number().int().positive()]).default('auto'),
  ),
  /** Set by discord.js's ShardingManager in the processes it spawns (the shard ids of that process); never set by hand. */
  SHARDS: optionalString,
  KNOWLEDGE_DIR: z.preprocess(blankToUndefined, z.string().default('knowledge')),
  /** true: "Still accurate" in /kb review also writes `checked` into the entry's file. */
  KNOWLEDGE_WRITABLE: z.preprocess(blankToUndefined, z.enum(['true', 'false']).default('false')),
  KNOWLEDGE_MAX_FILE_BYTES: positiveInt(256 * 1024),
  STORE_URL: z.preprocess(blankToUndefined, z.string().default('sqlite://data/dossier.sqlite')),
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: url,
  OPENAI_MODEL: optionalString,
  OPENAI_TIMEOUT_MS: positiveInt(20_000),
  ASK_CACHE_TTL_MS: positiveInt(24 * 60 * 60_000),
  ASK_USER_LIMIT: positiveInt(5),
  ASK_USER_WINDOW_MS: positiveInt(60_000),
  ASK_GUILD_LIMIT: positiveInt(60),
  ASK_GUILD_WINDOW_MS: positiveInt(60 * 60_000),
  ASK_MAX_PROMPT_CHARS: positiveInt(6_000),
  DIGEST_SCHEDULER: z.preprocess(blankToUndefined, z.enum(['on', 'off']).default('on')),
  DIGEST_CATCH_UP_MINUTES: positiveInt(360),
  DIGEST_CLAIM_TIMEOUT_SECONDS: positiveInt(600),
  SUGGEST_USER_LIMIT: positiveInt(5),
  SUGGEST_USER_WINDOW_MS: positiveInt(24 * 60 * 60_000),
  SUGGEST_GUILD_LIMIT: positiveInt(50),
  SUGGEST_GUILD_WINDOW_MS: positiveInt(24 * 60 * 60_000),
  SUGGEST_ALLOWED_HOSTS: hostList,
  SUGGEST_DENIED_HOSTS: hostList,
  SUGGEST_FETCH_TIMEOUT_MS: positiveInt(5_000),
  SUGGEST_FETCH_MAX_BYTES: positiveInt(1_000_000),
  PUBLISH_MODE: z.preprocess(blankToUndefined, z.enum(['files', 'github']).default('files')),
  GITHUB_TOKEN: optionalString,
  GITHUB_REPOSITORY: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^[\w.-]+\/[\w.-]+$/, { error: 'expected owner/name' })
      .optional(),
  ),
  GITHUB_API_URL: z.preprocess(
    blankToUndefined,
    z.url({ error: 'expected a URL' }).default('https://api.github.com'),
  ),
  GITHUB_BASE_BRANCH: optionalString,
  GITHUB_KNOWLEDGE_PATH: z.preprocess(blankToUndefined, z.string().default('knowledge')),
  KNOWLEDGE_GIT_PULL_MINUTES: z.preprocess(blankToUndefined, z.coerce.number().int().min(0).default(0)),
  /** Bill tracking (src/tracking): each source is on when its key is set. */
  OPENSTATES_API_KEY: optionalString,
  OPENSTATES_API_URL: z.preprocess(
    blankToUndefined,
    z.url({ error: 'expected a URL' }).default('https://v3.openstates.org'),
  ),
  OPENSTATES_REQUESTS_PER_MINUTE: positiveInt(10),
  CONGRESS_API_KEY: optionalString,
  CONGRESS_API_URL: z.preprocess(
    blankToUndefined,
    z.url({ error: 'expected a URL' }).default('https://api.congress.gov/v3'),
  ),
  CONGRESS_REQUESTS_PER_HOUR: positiveInt(5000),
  /** When the bot's daily tracking pass runs (cron, UTC), or "off". */
  TRACKING_CRON: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^(off|(\S+\s+){4}\S+)$/, { error: 'expected a five-field cron expression or "off"' })
      .default('30 6 * * *'),
  ),
  /** Serve /healthz and /metrics on this port (0: any free port); unset: no HTTP server. */
  HTTP_PORT: z.preprocess(blankToUndefined, z.coerce.number().int().min(0).max(65535).optional()),
  HTTP_HOST: z.preprocess(blankToUndefined, z.string().default('127.0.0.1')),
  LOG_LEVEL: z.preprocess(
    blankToUndefined,
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ),
});
export type Env = z.infer<typeof Env>;

export interface Config {
  discord: {
    token: string | undefined;
    clientId: string | undefined;
    guildId: string | undefined;
    apiUrl: string | undefined;
    shardCount: number | 'auto';
    /** True inside a process spawned by the ShardingManager: discord.js then takes its shards from the manager. */
    managedShards: boolean;
  };
  knowledgeDir: string;
  /** The bot may write curators' checks into the knowledge files (KNOWLEDGE_WRITABLE=true). */
  knowledgeWritable: boolean;
  /** A knowledge file larger than this is reported as a problem and not read. */
  knowledgeMaxFileBytes: number;
  storeUrl: string;
  /** Undefined when no model is configured: /ask answers extractively. */
  model: { apiKey: string; baseUrl: string | undefined; model: string; timeoutMs: number } | undefined;
  /** /ask's cost and abuse limits (src/answer/answerer.ts). */
  ask: {
    cacheTtlMs: number;
    userLimit: number;
    userWindowMs: number;
    guildLimit: number;
    guildWindowMs: number;
    maxPromptChars: number;
  };
  digests: {
    /** Off: this process never posts digests on its own (system cron runs `dossier digest tick`). */
    scheduler: boolean;
    catchUpMs: number;
    claimTimeoutMs: number;
  };
  /** Member suggestions and the curator inbox (src/suggest). */
  suggest: {
    userLimit: number;
    userWindowMs: number;
    guildLimit: number;
    guildWindowMs: number;
    allowedHosts: readonly string[];
    deniedHosts: readonly string[];
    fetchTimeoutMs: number;
    fetchMaxBytes: number;
  };
  /** Where accepted entries go: written under the knowledge folder, or proposed as a GitHub pull request. */
  publish:
    | { mode: 'files' }
    | {
        mode: 'github';
        token: string;
        owner: string;
        repo: string;
        apiUrl: string;
        baseBranch: string | undefined;
        /** The knowledge folder's path inside that repository. */
        knowledgePath: string;
      };
  /** Pull the knowledge folder's git checkout this often and reload when it changed (0: never). */
  gitPullMs: number;
  /** Bill tracking in official data (src/tracking). */
  tracking: TrackingSettings;
  /** Where /healthz and /metrics are served (src/health); undefined: not served. */
  http: { host: string; port: number } | undefined;
  logLevel: Env['LOG_LEVEL'];
}

/** A source without its key is off (undefined); the pass and /about say so. */
export interface TrackingSettings {
  openstates: { apiKey: string; apiUrl: string; minIntervalMs: number } | undefined;
  congress: { apiKey: string; apiUrl: string; minIntervalMs: number } | undefined;
  /** The daily pass's cron expression (UTC); undefined: the bot does not run it (cron runs `kb track`). */
  cron: string | undefined;
}

export function trackingSettings(e: Env): TrackingSettings {
  return Object.freeze({
    openstates: e.OPENSTATES_API_KEY
      ? Object.freeze({
          apiKey: e.OPENSTATES_API_KEY,
          apiUrl: e.OPENSTATES_API_URL,
          minIntervalMs: Math.ceil(60_000 / e.OPENSTATES_REQUESTS_PER_MINUTE),
        })
      : undefined,
    congress: e.CONGRESS_API_KEY
      ? Object.freeze({
          apiKey: e.CONGRESS_API_KEY,
          apiUrl: e.CONGRESS_API_URL,
          minIntervalMs: Math.ceil(3_600_000 / e.CONGRESS_REQUESTS_PER_HOUR),
        })
      : undefined,
    cron: e.TRACKING_CRON === 'off' ? undefined : e.TRACKING_CRON,
  });
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Readonly<Config> {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`config: invalid environment\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.PUBLISH_MODE === 'github') {
    const missing = [!e.GITHUB_TOKEN && 'GITHUB_TOKEN', !e.GITHUB_REPOSITORY && 'GITHUB_REPOSITORY'].filter(
      Boolean,
    );
    if (missing.length)
      throw new ConfigError(
        `config: invalid environment\n${missing.map((m) => `  ${String(m)}: required when PUBLISH_MODE=github`).join('\n')}`,
      );
  }
  const [owner = '', repo = ''] = (e.GITHUB_REPOSITORY ?? '').split('/');
  // A base URL alone (Ollama, LM Studio) is enough: local servers ignore the key, so one is filled in.
  const modelWanted = e.OPENAI_API_KEY !== undefined || e.OPENAI_BASE_URL !== undefined;
  return Object.freeze({
    discord: Object.freeze({
      token: e.DISCORD_TOKEN,
      clientId: e.DISCORD_CLIENT_ID ?? applicationIdFromToken(e.DISCORD_TOKEN),
      guildId: e.DISCORD_GUILD_ID,
      apiUrl: e.DISCORD_API_URL,
      shardCount: e.SHARD_COUNT,
      managedShards: e.SHARDS !== undefined,
    }),
    knowledgeDir: e.KNOWLEDGE_DIR,
    knowledgeWritable: e.KNOWLEDGE_WRITABLE === 'true',
    knowledgeMaxFileBytes: e.KNOWLEDGE_MAX_FILE_BYTES,
    storeUrl: e.STORE_URL,
    model: modelWanted
      ? Object.freeze({
          apiKey: e.OPENAI_API_KEY ?? 'not-needed',
          baseUrl: e.OPENAI_BASE_URL,
          model: e.OPENAI_MODEL ?? 'gpt-4o-mini',
          timeoutMs: e.OPENAI_TIMEOUT_MS,
        })
      : undefined,
    ask: Object.freeze({
      cacheTtlMs: e.ASK_CACHE_TTL_MS,
      userLimit: e.ASK_USER_LIMIT,
      userWindowMs: e.ASK_USER_WINDOW_MS,
      guildLimit: e.ASK_GUILD_LIMIT,
      guildWindowMs: e.ASK_GUILD_WINDOW_MS,
      maxPromptChars: e.ASK_MAX_PROMPT_CHARS,
    }),
    digests: Object.freeze({
      scheduler: e.DIGEST_SCHEDULER === 'on',
      catchUpMs: e.DIGEST_CATCH_UP_MINUTES * 60_000,
      claimTimeoutMs: e.DIGEST_CLAIM_TIMEOUT_SECONDS * 1000,
    }),
    suggest: Object.freeze({
      userLimit: e.SUGGEST_USER_LIMIT,
      userWindowMs: e.SUGGEST_USER_WINDOW_MS,
      guildLimit: e.SUGGEST_GUILD_LIMIT,
      guildWindowMs: e.SUGGEST_GUILD_WINDOW_MS,
      allowedHosts: Object.freeze([...e.SUGGEST_ALLOWED_HOSTS]),
      deniedHosts: Object.freeze([...e.SUGGEST_DENIED_HOSTS]),
      fetchTimeoutMs: e.SUGGEST_FETCH_TIMEOUT_MS,
      fetchMaxBytes: e.SUGGEST_FETCH_MAX_BYTES,
    }),
    publish: Object.freeze(
      e.PUBLISH_MODE === 'github'
        ? {
            mode: 'github' as const,
            token: e.GITHUB_TOKEN ?? '',
            owner,
            repo,
            apiUrl: e.GITHUB_API_URL,
            baseBranch: e.GITHUB_BASE_BRANCH,
            knowledgePath: e.GITHUB_KNOWLEDGE_PATH.replace(/^\/+|\/+$/g, ''),
          }
        : { mode: 'files' as const },
    ),
    gitPullMs: e.KNOWLEDGE_GIT_PULL_MINUTES * 60_000,
    tracking: trackingSettings(e),
    http: e.HTTP_PORT === undefined ? undefined : Object.freeze({ host: e.HTTP_HOST, port: e.HTTP_PORT }),
    logLevel: e.LOG_LEVEL,
  });
}

/**
 * Reads `.env` (in the working directory) into the environment when the file exists, for `npm start`,
 * `npm run deploy-commands` and `npm run start:sharded`. Variables already set in the environment win.
 */
export function loadDotEnv(path = '.env'): boolean {
  if (!existsSync(path)) return false;
  process.loadEnvFile(path);
  return true;
}

/**
 * The application id a bot token belongs to. A token's first dot-separated part is the bot user's id in
 * base64, and a bot user's id is its application's id (for applications made since 2016; older ones set
 * DISCORD_CLIENT_ID, which always wins). Undefined when the token does not carry a plausible id.
 */
export function applicationIdFromToken(token: string | undefined): string | undefined {
  const first = token?.split('.')[0];
  if (!first) return undefined;
  const id = Buffer.from(first, 'base64').toString('utf8');
  return /^\d{17,20}$/.test(id) ? id : undefined;
}
