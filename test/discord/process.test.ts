import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { commands, messageCommands } from '../../commands/index.js';
import { deployCommands } from '../../src/discord/deploy.js';
import { type FakeDiscord, startFakeDiscord } from '../fakes/fake-discord.js';
import { copyFixtureKnowledge, removeKnowledgeCopy } from './harness.js';

/** The real entry points (npm start, deploy-commands, start:sharded) run as child processes. */

const TSX = resolve('node_modules', '.bin', 'tsx');
const running: { child: ChildProcess; cleanup: () => Promise<void> }[] = [];

/**
 * Runs an entry point in `cwd` (a temporary folder, so a developer's own .env is never read by tests);
 * it is killed after the test if still running.
 */
function launch(
  script: string,
  env: Record<string, string>,
  cwd: string,
): { child: ChildProcess; out: () => string } {
  let out = '';
  const child = spawn(TSX, [resolve(script)], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'info', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d) => {
    out += String(d);
  });
  child.stderr?.on('data', (d) => {
    out += String(d);
  });
  running.push({ child, cleanup: async () => {} });
  return { child, out: () => out };
}

async function exitCode(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const [code] = await once(child, 'exit');
  return code as number | null;
}

afterEach(async () => {
  // Last started, first stopped: the processes before the fake Discord they talk to.
  for (const r of running.splice(0).reverse()) {
    if (r.child.exitCode === null) r.child.kill('SIGKILL');
    await r.cleanup();
  }
});

/**
 * A fake Discord with two guilds, a copy of the fixture knowledge, and the environment that points an entry
 * point at both; `deployed`: the commands are registered globally first, as an admin would.
 */
async function setup(
  options: { shards?: number; deployed?: boolean } = {},
): Promise<{ discord: FakeDiscord; env: Record<string, string>; cwd: string }> {
  const discord = await startFakeDiscord({
    ...(options.shards ? { shards: options.shards } : {}),
    guilds: [
      { id: '200000000004194304', name: 'Coalition A', channels: ['300000000000000001'] },
      { id: '200000000008388608', name: 'Coalition B', channels: ['300000000000000002'] },
    ],
  });
  const dir = await copyFixtureKnowledge();
  running.push({
    child: { exitCode: 0 } as ChildProcess,
    cleanup: async () => {
      await discord.stop();
      await removeKnowledgeCopy(dir);
    },
  });
  if (options.deployed)
    await deployCommands({
      token: discord.token,
      clientId: discord.applicationId,
      apiUrl: discord.apiBase,
      commands,
    });
  return {
    discord,
    cwd: dirname(dir),
    env: {
      DISCORD_TOKEN: discord.token,
      DISCORD_CLIENT_ID: discord.applicationId,
      DISCORD_API_URL: discord.apiBase,
      KNOWLEDGE_DIR: dir,
    },
  };
}

/** Each guild, whichever shard holds it, gets an answer to /about. */
async function expectEveryGuildAnswered(discord: FakeDiscord): Promise<void> {
  for (const guild of discord.guilds) {
    const reply = await discord.sendCommand('about', {}, { guildId: guild.id }).reply();
    expect(reply.embeds[0]?.title).toBe('About Dossier');
  }
}

describe('npm start with a token', () => {
  test('GIVEN a token and DISCORD_API_URL WHEN started THEN it connects with the Guilds intent, answers, and exits 0 on SIGTERM', async () => {
    const { discord, env, cwd } = await setup({ deployed: true });
    const bot = launch('src/index.ts', { ...env, SHARD_COUNT: '1' }, cwd);
    await discord.waitForReady(1, 15_000);
    expect(discord.identifies[0]?.intents).toBe(1);
    const reply = await discord.sendCommand('law', { name: 'bipa' }).reply();
    expect(reply.embeds[0]?.title).toBe('Illinois Biometric Information Privacy Act (BIPA)');
    bot.child.kill('SIGTERM');
    expect(await exitCode(bot.child)).toBe(0);
    expect(bot.out()).toMatch(/"msg":"stopped"/);
    expect(bot.out()).not.toContain(discord.token);
    expect(discord.violations).toEqual([]);
  }, 30_000);

  test('GIVEN SHARD_COUNT=2 WHEN started THEN one process runs both shards and guilds on each are answered', async () => {
    const { discord, env, cwd } = await setup({ deployed: true });
    const bot = launch('src/index.ts', { ...env, SHARD_COUNT: '2' }, cwd);
    await discord.waitForReady(2, 15_000);
    expect(discord.identifies.map((i) => i.shard).sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    await expectEveryGuildAnswered(discord);
    bot.child.kill('SIGINT');
    expect(await exitCode(bot.child)).toBe(0);
  }, 30_000);
});

describe('npm run start:sharded', () => {
  test('GIVEN SHARD_COUNT=auto WHEN the ShardingManager starts THEN it spawns one process per recommended shard, each answers its guilds, and SIGTERM stops them all', async () => {
    const { discord, env, cwd } = await setup({ shards: 2, deployed: true });
    const manager = launch('src/shard-manager.ts', { ...env, SHARD_COUNT: 'auto' }, cwd);
    await discord.waitForReady(2, 30_000);
    expect(discord.identifies.map((i) => i.shard).sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    await expectEveryGuildAnswered(discord);
    manager.child.kill('SIGTERM');
    expect(await exitCode(manager.child)).toBe(0);
    expect(manager.out().match(/"msg":"stopped"/g)).toHaveLength(2);
    expect(manager.out()).toMatch(/all shard processes stopped/);
  }, 45_000);
});

describe('npm run deploy-commands', () => {
  test('GIVEN DISCORD_GUILD_ID WHEN deployed THEN the commands go to that guild; without it, globally', async () => {
    const { discord, env, cwd } = await setup();
    const guild = launch('src/deploy-commands.ts', { ...env, DISCORD_GUILD_ID: '200000000004194304' }, cwd);
    expect(await exitCode(guild.child)).toBe(0);
    expect(guild.out()).toMatch(
      new RegExp(
        `Registered ${commands.length + messageCommands.length} commands to guild 200000000004194304 \\(available now\\): /search /law`,
      ),
    );
    expect(discord.commands.get('200000000004194304')?.map((c) => c.name)).toContain('kb');
    const global = launch('src/deploy-commands.ts', env, cwd);
    expect(await exitCode(global.child)).toBe(0);
    expect(global.out()).toContain(
      `Registered ${commands.length + messageCommands.length} commands globally`,
    );
    const missing = launch('src/deploy-commands.ts', { DISCORD_API_URL: discord.apiBase }, cwd);
    expect(await exitCode(missing.child)).toBe(2);
    expect(missing.out()).toMatch(/deploy-commands: set DISCORD_TOKEN and DISCORD_CLIENT_ID in \.env/);

    // A new user's way: the same variables in .env in the working directory.
    await writeFile(
      join(cwd, '.env'),
      Object.entries({ ...env, DISCORD_GUILD_ID: '200000000008388608' })
        .map(([k, v]) => `${k}=${v}`)
        .join('\n'),
    );
    const fromFile = launch('src/deploy-commands.ts', {}, cwd);
    expect(await exitCode(fromFile.child)).toBe(0);
    expect(discord.commands.get('200000000008388608')).toHaveLength(commands.length + messageCommands.length);
  }, 30_000);
});

describe('npm start without a token', () => {
  test('GIVEN no DISCORD_TOKEN WHEN started THEN it says so in one line and serves the console on stdin', async () => {
    const { env, cwd } = await setup();
    const { DISCORD_TOKEN: _token, ...rest } = env;
    const app = launch('src/index.ts', rest, cwd);
    app.child.stdin?.write('/law name:"texas biometric law"\n2\n/statement company:Amazon\nexit\n');
    expect(await exitCode(app.child)).toBe(0);
    const out = app.out();
    expect(out.split('\n')[0]).toMatch(/^No DISCORD_TOKEN set, so this is the local console/);
    expect(out).toMatch(/│ Texas Capture or Use of Biometric Identifier Act \(CUBI\)/);
    expect(out).toMatch(/No buttons to press\./);
    expect(out).toMatch(/│ Amazon: statements/);
  }, 30_000);
});
