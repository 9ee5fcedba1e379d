import type {
  AutocompleteInteraction,
  ButtonInteraction,
  ChatInputCommandInteraction,
  MessageContextMenuCommandInteraction,
  ModalSubmitInteraction,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
  RESTPostAPIContextMenuApplicationCommandsJSONBody,
} from 'discord.js';
import type { Answerer } from '../src/answer/answerer.js';
import type { Config } from '../src/config.js';
import type { DigestService } from '../src/digest/digest-service.js';
import type { ReloadOutcome } from '../src/kb/knowledge-holder.js';
import type { Knowledge } from '../src/knowledge.js';
import type { Metrics } from '../src/health/metrics.js';
import type { Logger } from '../src/log.js';
import type { PictureCache } from '../src/pictures/picture-cache.js';
import type { Store } from '../src/store/types.js';
import type { Suggestions } from '../src/suggest/suggestion-service.js';
import type { Clients } from '../src/tracking/observe.js';

export type { Knowledge, ReloadOutcome };

/**
 * Everything a command may use, built once in src/index.ts (or by a test, or by the console) and passed
 * to every handler. Commands never import the client, process.env or a model SDK.
 * Other services (the answerer, digests) are added here as optional fields by the modules that own them.
 */
export interface Ctx {
  /**
   * The knowledge base as served right now. A reload swaps library and search together, so a command
   * reads this once per interaction and uses that pair throughout.
   */
  knowledge(): Knowledge;
  /** Reloads the knowledge folder from disk: serves every valid entry, says what changed and what was skipped. */
  reloadKnowledge(): Promise<ReloadOutcome>;
  readonly store: Store;
  readonly config: Readonly<Config>;
  readonly logger: Logger;
  readonly clock: () => Date;
  /** /ask: answers with citations, cache, rate limits, feedback (src/answer/answerer.ts). */
  readonly answerer?: Answerer;
  /** Daily digests (subscriptions, preview, send-now); absent where digests are not run. */
  readonly digests?: DigestService | undefined;
  /** Member suggestions, the curator inbox and publishing (src/suggest); absent where not wired. */
  readonly suggestions?: Suggestions | undefined;
  /** What /metrics reports (src/health); absent where nobody scrapes. */
  readonly metrics?: Metrics | undefined;
  /** Open States and Congress.gov as /bill search asks them (a source without its key is absent). */
  readonly officialData?: Clients | undefined;
  /** Rendered pictures (maps, charts) per knowledge-base version and parameters; absent: render each time. */
  readonly pictures?: PictureCache | undefined;
}

/** A slash command's definition: a discord.js SlashCommandBuilder (any of its option-adding variants). */
export interface CommandData {
  readonly name: string;
  toJSON(): RESTPostAPIChatInputApplicationCommandsJSONBody;
}

/**
 * One slash command, one file under commands/: `export default { data, execute } satisfies Command`.
 * Handlers reply through src/discord/reply.ts and throw UserFacingError for expected failures; the
 * router (src/discord/router.ts) is the only try/catch.
 * The local console drives the same handlers with console-made interactions that implement what
 * src/console/interactions.ts documents (options, reply family, user, guild and member permissions).
 */
export interface Command {
  data: CommandData;
  execute(interaction: ChatInputCommandInteraction, ctx: Ctx): Promise<void>;
  /** Suggestions for the focused option; the router answers with no choices if this throws. */
  autocomplete?(interaction: AutocompleteInteraction, ctx: Ctx): Promise<void>;
  /** Presses of this command's buttons: custom_ids start with `<command name>:` and are at most 100 chars. */
  button?(interaction: ButtonInteraction, ctx: Ctx): Promise<void>;
  /** Submits of this command's modals: custom_ids start with `<command name>:`, like buttons. */
  modal?(interaction: ModalSubmitInteraction, ctx: Ctx): Promise<void>;
}

/**
 * A message context-menu command ("Apps → Suggest as a source" on a message): a ContextMenuCommandBuilder
 * of type Message. Listed in commands/index.ts beside the slash commands; registered with them.
 */
export interface MessageCommand {
  data: { readonly name: string; toJSON(): RESTPostAPIContextMenuApplicationCommandsJSONBody };
  execute(interaction: MessageContextMenuCommandInteraction, ctx: Ctx): Promise<void>;
}
