import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, describe, expect, it } from 'vitest';

// What a supervisor (systemd's Restart=on-failure, a container's restart policy) sees: the real process
// exits non-zero on a fatal error. A preloaded module stands in for a bug: on SIGUSR2 it throws from a
// callback, or rejects a promise nobody awaits, inside the running bot (the console, so no Discord needed).
const faults = {
  'an uncaught exception': 'setImmediate(() => { throw new Error("bug in a callback"); })',
  'an unhandled rejection': 'void Promise.reject(new Error("lost promise"))',
};

const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
});

function start(env: Record<string, string>, preload?: string) {
  const imports = preload ? ['--import', `data:text/javascript,${encodeURIComponent(preload)}`] : [];
  const child = spawn(process.execPath, ['--import', 'tsx', ...imports, 'src/index.ts'], {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      DISCORD_TOKEN: '',
      KNOWLEDGE_DIR: 'test/fixtures/knowledge',
      STORE_URL: 'memory://',
      ...env,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  children.push(child);
  const output = { stdout: '', stderr: '' };
  child.stdout?.on('data', (d: Buffer) => (output.stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output.stderr += d.toString()));
  return { child, output, exited: once(child, 'exit') as Promise<[number | null, string | null]> };
}

describe('the process on a fatal error', { timeout: 120_000 }, () => {
  for (const [fault, code] of Object.entries(faults)) {
    it(`GIVEN the running bot WHEN ${fault} happens THEN it is logged at fatal and the process exits 1`, async () => {
      const { child, output, exited } = start({}, `process.on("SIGUSR2", () => { ${code}; });`);
      while (!output.stdout.includes('dossier>') && child.exitCode === null)
        await new Promise((r) => setTimeout(r, 100));
      child.kill('SIGUSR2');
      const [exitCode] = await exited;
      expect(exitCode, output.stderr).toBe(1);
      const fatal = output.stderr
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as { level: number; msg: string })
        .find((l) => l.level === 60);
      expect(fatal?.msg).toMatch(/exiting so the supervisor restarts the bot$/);
    });
  }

  it('GIVEN a bad setting WHEN the bot starts THEN it names the variable and exits 1 before doing anything', async () => {
    const { output, exited } = start({ SHARD_COUNT: 'many' });
    const [exitCode] = await exited;
    expect(exitCode).toBe(1);
    expect(output.stderr).toMatch(/SHARD_COUNT/);
    expect(output.stdout).toBe('');
  });
});
