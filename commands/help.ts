import {
  ApplicationCommandOptionType,
  type ChatInputCommandInteraction,
  SlashCommandBuilder,
} from 'discord.js';
import { BRAND_COLOUR, respond } from '../src/discord/reply.js';
import { commands } from './index.js';
import type { Command, Ctx } from './types.js';

export default {
  data: new SlashCommandBuilder().setName('help').setDescription('What Dossier can do, command by command'),

  async execute(interaction: ChatInputCommandInteraction, ctx: Ctx) {
    const fields = helpFields();
    await respond(interaction, {
      ephemeral: true,
      embeds: [
        {
          title: 'Dossier: the coalition research desk',
          description:
            'Look up laws, coalition letters, company statements and cases, with their sources. Names accept aliases ("bipa", "illinois biometric law"); options with suggestions complete as you type.',
          color: BRAND_COLOUR,
          fields,
          footer: { text: `Dossier · knowledge base ${ctx.knowledge().library.version}` },
        },
      ],
    });
  },
} satisfies Command;

type HelpField = { name: string; value: string };
let built: readonly HelpField[] | undefined;

/** One field per command, from its registration: the same for the life of the process, so built once. */
function helpFields(): HelpField[] {
  built ??= commands.map((c) => {
    const json = c.data.toJSON();
    const subcommands = (json.options ?? []).filter(
      (o) => o.type === ApplicationCommandOptionType.Subcommand,
    );
    const usage = subcommands.length
      ? subcommands.map((s) => `\`/${json.name} ${s.name}\` ${s.description}`).join('\n')
      : `\`/${json.name}${(json.options ?? []).map((o) => ('required' in o && o.required ? ` ${o.name}` : ` [${o.name}]`)).join('')}\``;
    return { name: `/${json.name}`, value: `${json.description}\n${usage}` };
  });
  return [...built];
}
