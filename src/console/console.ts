import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
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
  type ConsoleModal,
  ConsoleModalSubmitInteraction,
} from './interactions.js';
import { ConsoleChannels } from './channels.js';
import { completionTarget, parseLine, type SentOption } from './parse-line.js';
import { type ConsoleButton, renderMessage, type SavedFile } from './render.js';

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
  /** Where pictures a command sends are saved (default: dossier-images in the system's temporary folder). */
  imageDir?: string;
}): ConsoleSession {
  const imageDir = options.imageDir ?? join(tmpdir(), 'dossier-images');
  let saved = 0;
  /** Writes a message's files (discord.js `files: [{ attachment, name, description }]`) and says where. */
  const saveFiles = (message: Record<string, unknown>): SavedFile[] => {
    const files = (message.files ?? []) as { attachment?: unknown; name?: string; description?: string }[];
    const out: SavedFile[] = [];
    for (const f of files) {
      if (!Buffer.isBuffer(f.attachment)) continue;
      mkdirSync(imageDir, { recursive: true });
      const name = basename(f.name ?? 'file');
      const path = join(imageDir, `${Date.now()}-${++saved}-${name}`);
      writeFileSync(path, f.attachment);
      out.push({ name, path, bytes: f.attachment.length, description: f.description });
    }
    return out;
  };
  const definitions = options.commands.map((c) => c.data.toJSON());
  let buttons: ConsoleButton[] = [];
  const channels = new ConsoleChannels();
  let messageId = 0;
  /** A form being filled in: each typed line answers its next field. */
  let form:
    | {
        modal: ConsoleModal;
        fromMessageId: string | undefined;
        at: number;
        answers: Record<string, string | string[]>;
      }
    | undefined;
  const formFields = (modal: ConsoleModal) => modal.components.flatMap((c) => (c.component ? [c] : []));

  const promptField = () => {
    const c = form ? formFields(form.modal)[form.at] : undefined;
    const f = c?.component;
    if (!c || !f) return;
    const optional = f.required === false && !/optional/i.test(c.label ?? '') ? ' (optional)' : '';
    if (f.type === 3) {
      const list = (f.options ?? []).map((o, i) => `${i + 1}. ${o.label}${o.default ? ' [chosen]' : ''}`);
      options.write(`│ ${c.label ?? f.custom_id}${optional}: type a number: ${list.join('  ')}`);
    } else options.write(`│ ${c.label ?? f.custom_id}${optional}${f.value ? ` [${f.value}]` : ''}:`);
  };

  /** One typed line for the open form; submits it through the router after the last field. */
  async function answerField(text: string): Promise<void> {
    if (!form) return;
    if (/^cancel$/i.test(text.trim())) {
      form = undefined;
      options.write('Form closed; nothing was sent.');
      return;
    }
    const c = formFields(form.modal)[form.at];
    const f = c?.component;
    if (!f) return;
    const typed = text.trim();
    if (f.type === 3) {
      const opts = f.options ?? [];
      const picked = typed
        ? (opts[Number(typed) - 1] ?? opts.find((o) => o.value === typed))
        : opts.find((o) => o.default);
      if (!picked) return options.write(`Type a number from 1 to ${opts.length}.`);
      form.answers[f.custom_id] = [picked.value];
    } else {
      const value = typed || f.value || '';
      if (!value && f.required !== false) return options.write('This field is required.');
      form.answers[f.custom_id] = value;
    }
    form.at++;
    if (form.at < formFields(form.modal).length) return promptField();
    const done = form;
    form = undefined;
    await options.router.handle(
      new ConsoleModalSubmitInteraction(
        show,
        done.modal.custom_id,
        done.answers,
        done.fromMessageId,
      ) as unknown as Interaction,
    );
  }

  const show = (event: ConsoleEvent) => {
    if (event.kind === 'choices') return;
    if (event.kind === 'modal') {
      form = { modal: event.modal, fromMessageId: event.fromMessageId, at: 0, answers: {} };
      options.write(
        `┌ Form: ${event.modal.title}. Answer each field and press Enter; Enter alone keeps the value in [brackets]; "cancel" closes it.`,
      );
      promptField();
      return;
    }
    if (event.kind === 'defer') return options.write('Dossier is thinking…');
    const rendered = renderMessage(
      event.message,
      event.ephemeral,
      1,
      (id) => channels.mention(id),
      saveFiles(event.message),
    );
    if (rendered.buttons.length || event.kind !== 'followUp') {
      buttons = rendered.buttons;
      messageId++;
    }
    options.write(rendered.text);
  };

  async function run(line: string): Promise<'continue' | 'exit'> {
    if (form) {
      await answerField(line);
      return 'continue';
    }
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
