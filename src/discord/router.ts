import { randomBytes } from 'node:crypto';
import { DiscordjsErrorCodes, type Interaction, type RepliableInteraction } from 'discord.js';
import type { Command, Ctx, MessageCommand } from '../../commands/types.js';
import type { InteractionOutcome } from '../health/metrics.js';
import { isUserFacingError, UserFacingError } from '../errors.js';
import { StoreUnavailableError } from '../store/errors.js';
import { errorReply, respond, respondChoices, truncate } from './reply.js';

/**
 * The interaction router and the one error boundary. Slash commands go to the command of that name,
 * autocomplete to its `autocomplete`, buttons to the command named by their custom_id prefix
 * (`search:page:…` → /search), modal submits likewise by their custom_id, message context-menu commands
 * to the one of that name. A UserFacingError is shown to the member ephemerally; anything else is
 * logged with an error id, and the member gets the id.
 */
export interface Router {
  handle(interaction: Interaction): Promise<void>;
  /** Interactions being handled right now (for graceful shutdown). */
  readonly inFlight: number;
  /** Resolves once every interaction being handled has finished. */
  drain(): Promise<void>;
  /** From now on, new interactions are told the bot is restarting (in-flight ones finish normally). */
  close(): void;
}

export function createRouter(
  commands: readonly Command[],
  ctx: Ctx,
  messageCommands: readonly MessageCommand[] = [],
): Router {
  const byName = new Map(commands.map((c) => [c.data.name, c]));
  const messageByName = new Map(messageCommands.map((c) => [c.data.name, c]));
  const running = new Set<Promise<void>>();

  let closing = false;

  async function dispatch(interaction: Interaction): Promise<void> {
    if (closing) {
      if (interaction.isAutocomplete()) await respondChoices(interaction, []);
      else if (interaction.isRepliable())
        await respond(interaction, errorReply('Dossier is restarting. Try again in a moment.'));
      return;
    }
    if (interaction.isChatInputCommand()) {
      const command = byName.get(interaction.commandName);
      await guard(interaction, interaction.commandName, async () => {
        if (!command) throw new UnknownCommandError(interaction.commandName);
        await command.execute(interaction, ctx);
      });
    } else if (interaction.isAutocomplete()) {
      const command = byName.get(interaction.commandName);
      try {
        if (command?.autocomplete) await command.autocomplete(interaction, ctx);
        else await respondChoices(interaction, []);
      } catch (error) {
        ctx.logger.warn({ err: error, ...ids(interaction, interaction.commandName) }, 'autocomplete failed');
        if (!interaction.responded) await respondChoices(interaction, []).catch(() => {});
      }
    } else if (interaction.isButton()) {
      const name = interaction.customId.split(':', 1)[0] ?? '';
      const command = byName.get(name);
      await guard(interaction, name, async () => {
        if (!command?.button) throw new UnknownCommandError(name);
        await command.button(interaction, ctx);
      });
    } else if (interaction.isMessageContextMenuCommand()) {
      const command = messageByName.get(interaction.commandName);
      await guard(interaction, interaction.commandName, async () => {
        if (!command) throw new UnknownCommandError(interaction.commandName);
        await command.execute(interaction, ctx);
      });
    } else if (interaction.isModalSubmit()) {
      const name = interaction.customId.split(':', 1)[0] ?? '';
      const command = byName.get(name);
      await guard(interaction, name, async () => {
        if (!command?.modal) throw new UnknownCommandError(name);
        await command.modal(interaction, ctx);
      });
    } else if (interaction.isRepliable()) {
      // Select menus, user commands: nothing sends them yet; answer rather than let Discord show "interaction failed".
      await guard(interaction, 'component', async () => {
        throw new UserFacingError('That action is not supported here.');
      });
    }
  }

  async function guard(interaction: RepliableInteraction, command: string, run: () => Promise<void>) {
    const startedAt = ctx.clock().getTime();
    const started = performance.now();
    let outcome: InteractionOutcome = 'failed';
    try {
      await run();
      outcome = 'handled';
      ctx.logger.info({ ...ids(interaction, command), ms: ctx.clock().getTime() - startedAt }, 'handled');
    } catch (error) {
      outcome = classify(error);
      if (isStaleOptions(error)) {
        ctx.logger.info(
          { ...ids(interaction, command), reason: String(error) },
          'refused: options out of date',
        );
        await safeRespond(
          interaction,
          errorReply(
            "The options Discord sent don't match this command: its registration may be out of date. Try again in a minute, or ask an admin to run deploy-commands.",
          ),
        );
        return;
      }
      if (isUserFacingError(error)) {
        ctx.logger.info({ ...ids(interaction, command), reason: error.message }, 'refused');
        await safeRespond(interaction, errorReply(error.message));
        return;
      }
      if (error instanceof StoreUnavailableError) {
        // The outage itself is logged once by the store (src/store/resilient-store.ts), not per interaction.
        ctx.logger.info(
          { ...ids(interaction, command), reason: error.message },
          'refused: store unavailable',
        );
        await safeRespond(interaction, errorReply(STORE_DOWN_MESSAGE));
        return;
      }
      const errorId = randomBytes(4).toString('hex');
      ctx.logger.error({ err: error, errorId, ...ids(interaction, command) }, 'command failed');
      await safeRespond(
        interaction,
        errorReply(
          `Something went wrong on our side. If it keeps happening, tell an admin: error id \`${errorId}\`.`,
        ),
      );
    } finally {
      // Known commands only as labels: a forged name would otherwise grow the metrics without bound.
      const known = byName.has(command) || messageByName.has(command) || command === 'component';
      ctx.metrics?.interaction(known ? command : 'unknown', outcome, (performance.now() - started) / 1000);
    }
  }

  async function safeRespond(interaction: RepliableInteraction, reply: ReturnType<typeof errorReply>) {
    try {
      await respond(interaction, reply);
    } catch (error) {
      ctx.logger.warn({ err: error, ...ids(interaction, '') }, 'could not send the error reply');
    }
  }

  return {
    async handle(interaction) {
      const task = dispatch(interaction).catch((error) => {
        ctx.logger.error({ err: error, interactionId: interaction.id }, 'router failed');
      });
      running.add(task);
      try {
        await task;
      } finally {
        running.delete(task);
      }
    },
    get inFlight() {
      return running.size;
    },
    async drain() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
    close() {
      closing = true;
    },
  };
}

export const STORE_DOWN_MESSAGE =
  "Dossier's storage is unavailable right now, so this can't be done or saved. Searches, cards and /ask still work; try this again in a few minutes.";

const STALE_OPTION_CODES: readonly string[] = [
  DiscordjsErrorCodes.CommandInteractionOptionNotFound,
  DiscordjsErrorCodes.CommandInteractionOptionType,
  DiscordjsErrorCodes.CommandInteractionOptionEmpty,
  DiscordjsErrorCodes.CommandInteractionOptionNoSubcommand,
  DiscordjsErrorCodes.CommandInteractionOptionNoSubcommandGroup,
];

/**
 * discord.js refuses to read an option that is missing or of another type than the code expects. That
 * happens when the commands registered with Discord are older or newer than this build: not a bug here.
 */
function classify(error: unknown): InteractionOutcome {
  if (isStaleOptions(error)) return 'stale-options';
  if (isUserFacingError(error)) return 'refused';
  if (error instanceof StoreUnavailableError) return 'store-unavailable';
  return 'failed';
}

function isStaleOptions(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && STALE_OPTION_CODES.includes(code);
}

/** A command or button this build does not know: commands registered by an older or newer version. */
class UnknownCommandError extends UserFacingError {
  constructor(name: string) {
    super(`I don't know \`${truncate(name, 40)}\` any more. The command list may be out of date; try /help.`);
  }
}

function ids(interaction: Interaction, command: string) {
  return {
    interactionId: interaction.id,
    command,
    guildId: interaction.guildId,
    userId: interaction.user.id,
  };
}
