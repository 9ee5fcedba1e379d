import { commands, messageCommands } from '../commands/index.js';
import { ConfigError, loadConfig, loadDotEnv } from './config.js';
import { deployCommands } from './discord/deploy.js';

/** `npm run deploy-commands`: registers the slash commands to DISCORD_GUILD_ID, or globally. */
async function main(): Promise<number> {
  loadDotEnv();
  const config = loadConfig();
  const { token, clientId, guildId, apiUrl } = config.discord;
  const missing = [!token && 'DISCORD_TOKEN', !clientId && 'DISCORD_CLIENT_ID'].filter(Boolean);
  if (!token || !clientId) {
    const why = token
      ? ' (the token does not carry an application id, so give it: General Information → Application ID)'
      : '';
    process.stderr.write(`deploy-commands: set ${missing.join(' and ')} in .env (see .env.example)${why}\n`);
    return 2;
  }
  const result = await deployCommands({ token, clientId, guildId, apiUrl, commands, messageCommands });
  const where =
    result.scope === 'guild'
      ? `to guild ${guildId} (available now)`
      : 'globally (every server the bot is in; changes can take a while to appear)';
  process.stdout.write(
    `Registered ${result.names.length} commands ${where}: ${result.names.map((n) => `/${n}`).join(' ')}\n`,
  );
  return 0;
}

try {
  process.exitCode = await main();
} catch (error) {
  process.stderr.write(`deploy-commands: ${error instanceof ConfigError ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
