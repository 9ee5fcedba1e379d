import { createInterface } from 'node:readline';
import {
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandOption,
  ApplicationCommandOptionType,
  type Interaction,
} from 'discord.js';
import type { Command } from '../../commands/types.js';
import type { Router } from '../discord/router.js';
import {
  ConsoleAutocompleteInteraction,
  ConsoleButtonInteraction,
  ConsoleCommandInteraction,
  type ConsoleEvent,
} from './interactions.js';
import { ConsoleChannels } from './channels.js';
import { completionTarget, parseLine, type SentOption } from './parse-line.js';
import { type ConsoleButton, renderMessage } from './render.js';

/**
 * The local console: the same commands and router as the bot, driven by typed lines and rendered as text.
 * `run` takes one line (a command, a button number, "help", "exit"); `complete` serves tab completion.
 */
export interface ConsoleSession {
  run(line: string): Promise<'continue' | 'exit'>;
  complete(line: string): Promise<[string[], string]>;
  /** Buttons of the last message shown, in the order they are numbered. */
  readonly buttons: readonly ConsoleButton[];
}

export function createConsoleSession(options: {
  commands: readonly Command[];
  router: Router;
  write: (text: string) => void;
}): ConsoleSession {
  const definitions = options.commands.map((c) => c.data.toJSON());
  let buttons: ConsoleButton[] = [];
  const channels = new ConsoleChannels();
  let messageId = 0;

  const show = (event: ConsoleEvent) => {
    if (event.kind === 'choices') return;
    if (event.kind === 'defer') return options.write('Dossier is thinking…');
    const rendered = renderMessage(event.message, event.ephemeral, 1, (id) => channels.mention(id));
    if (rendered.buttons.length || event.kind !== 'followUp') {
      buttons = rendered.buttons;
      messageId++;
    }
    options.write(rendered.text);
  };

  async function run(line: string): Promise<'continue' | 'exit'> {
    const text = line.trim();
    if (!text) return 'continue';
    if (/^(exit|quit|\.exit|\/exit|\/quit)$/i.test(text)) return 'exit';
    if (/^(help|\?)$/i.test(text)) return run('/help');
    if (/^\d+$/.test(text)) {
      const button = buttons[Number(text) - 1];
      if (!button?.customId) {
        options.write(buttons.length ? `Press 1 to ${buttons.length}.` : 'No buttons to press.');
        return 'continue';
      }
      await options.router.handle(
        new ConsoleButtonInteraction(show, button.customId, String(messageId)) as unknown as Interaction,
      );
      return 'continue';
    }
    const parsed = parseLine(text, definitions, (typed) => channels.idFor(typed));
    if (!parsed.ok) {
      options.write(parsed.error);
      return 'continue';
    }
    await options.router.handle(
      new ConsoleCommandInteraction(show, parsed.command, parsed.options) as unknown as Interaction,
    );
    return 'continue';
  }

  async function suggestValues(
    command: string,
    subcommand: string | undefined,
    option: APIApplicationCommandBasicOption,
    prefix: string,
    given: Record<string, string>,
  ): Promise<string[]> {
    if ('choices' in option && option.choices?.length)
      return option.choices.map((c) => String(c.value)).filter((v) => v.startsWith(prefix));
    if (!('autocomplete' in option && option.autocomplete)) return [];
    let choices: string[] = [];
    const focused: SentOption[] = [
      ...Object.entries(given).map(([name, value]) => ({
        name,
        type: ApplicationCommandOptionType.String,
        value,
      })),
      { name: option.name, type: option.type, value: prefix, focused: true },
    ];
    const sent = subcommand
      ? [{ name: subcommand, type: ApplicationCommandOptionType.Subcommand, options: focused }]
      : focused;
    await options.router.handle(
      new ConsoleAutocompleteInteraction(
        (event) => {
          if (event.kind === 'choices') choices = event.choices.map((c) => String(c.value));
        },
        command,
        sent,
      ) as unknown as Interaction,
    );
    return choices;
  }

  async function complete(line: string): Promise<[string[], string]> {
    const target = completionTarget(line, definitions);
    if (!target) return [[], line];
    if (target.kind === 'command') {
      const hits = definitions
        .filter((d) => d.name.startsWith(target.prefix.toLowerCase()))
        .map((d) => `/${d.name} `);
      return [hits, line.trimStart()];
    }
    const definition = definitions.find((d) => d.name === target.command);
    let scope: readonly APIApplicationCommandOption[] = definition?.options ?? [];
    if (target.kind === 'subcommand') {
      const subs = scope.filter((o) => o.type === ApplicationCommandOptionType.Subcommand);
      return [subs.map((s) => `${s.name} `).filter((s) => s.startsWith(target.prefix)), target.prefix];
    }
    if (target.subcommand) {
      const sub = scope.find((o) => o.name === target.subcommand);
      scope = (sub && 'options' in sub ? sub.options : undefined) ?? [];
    }
    const basic = scope as readonly APIApplicationCommandBasicOption[];
    if (target.kind === 'option') {
      const hits = basic
        .filter((o) => !target.given.includes(o.name) && o.name.startsWith(target.prefix))
        .map((o) => `${o.name}:`);
      return [hits, target.prefix];
    }
    const option = basic.find((o) => o.name === target.option);
    if (!option) return [[], target.prefix];
    const values = await suggestValues(
      target.command,
      target.subcommand,
      option,
      target.prefix,
      target.given,
    );
    const quote = (v: string) => (/[\s"]/.test(v) ? `"${v.replace(/"/g, '\\"')}"` : v);
    const typed = `${target.option}:${line.slice(line.lastIndexOf(`${target.option}:`) + target.option.length + 1)}`;
    return [values.map((v) => `${target.option}:${quote(v)} `), typed];
  }

  return {
    run,
    complete,
    get buttons() {
      return buttons;
    },
  };
}

/** Runs a session on a terminal (or any streams) until "exit" or end of input. */
export async function startConsole(
  session: ConsoleSession,
  streams: { input: NodeJS.ReadableStream; output: NodeJS.WritableStream; terminal?: boolean },
): Promise<void> {
  const rl = createInterface({
    input: streams.input,
    output: streams.output,
    terminal: streams.terminal ?? false,
    prompt: 'dossier> ',
    completer: (line: string, callback: (error: Error | null, result: [string[], string]) => void) => {
      session.complete(line).then(
        (result) => callback(null, result),
        () => callback(null, [[], line]),
      );
    },
  });
  rl.prompt();
  // Lines are handled one at a time, in order, even when pasted together.
  let queue = Promise.resolve();
  await new Promise<void>((resolve) => {
    rl.on('line', (line) => {
      queue = queue.then(async () => {
        const next = await session.run(line);
        if (next === 'exit') rl.close();
        else rl.prompt();
      });
    });
    rl.on('close', () => void queue.then(resolve));
  });
}
