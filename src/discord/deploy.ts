import { REST, Routes } from 'discord.js';
import type { Command, MessageCommand } from '../../commands/types.js';

export interface DeployResult {
  scope: 'guild' | 'global';
  names: string[];
}

/**
 * Registers every command with one bulk overwrite: to one guild when `guildId` is given (instant, for
 * testing a server), else globally (every server; Discord may take a while to show changes).
 */
export async function deployCommands(options: {
  token: string;
  clientId: string;
  guildId?: string | undefined;
  apiUrl?: string | undefined;
  commands: readonly Command[];
  /** Message context-menu commands, registered in the same bulk overwrite. */
  messageCommands?: readonly MessageCommand[] | undefined;
}): Promise<DeployResult> {
  const rest = new REST(options.apiUrl ? { api: options.apiUrl } : {}).setToken(options.token);
  const body = [
    ...options.commands.map((c) => c.data.toJSON()),
    ...(options.messageCommands ?? []).map((c) => c.data.toJSON()),
  ];
  const route = options.guildId
    ? Routes.applicationGuildCommands(options.clientId, options.guildId)
    : Routes.applicationCommands(options.clientId);
  const saved = (await rest.put(route, { body })) as { name: string }[];
  return { scope: options.guildId ? 'guild' : 'global', names: saved.map((c) => c.name) };
}
