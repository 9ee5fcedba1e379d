import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const exec = promisify(execFile);

export interface GitPull {
  /** One pull: reloads the library when the checkout moved. */
  pullOnce(): Promise<'changed' | 'unchanged' | 'failed'>;
  stop(): void;
}

/**
 * With PUBLISH_MODE=github, entries reach the bot when a maintainer merges the pull request. This pulls the
 * git checkout the knowledge folder lives in (`git pull --ff-only`) every `intervalMs` and reloads the
 * library when HEAD moved. A failed pull (network, local changes) is logged and tried again next time.
 */
export function startGitPull(options: {
  dir: string;
  intervalMs: number;
  reload: () => Promise<unknown>;
  logger: { info(fields: object, message: string): void; warn(fields: object, message: string): void };
}): GitPull {
  const git = async (...args: string[]) =>
    (await exec('git', ['-C', options.dir, ...args], { timeout: 60_000 })).stdout.trim();
  let running: Promise<'changed' | 'unchanged' | 'failed'> | undefined;

  async function pull(): Promise<'changed' | 'unchanged' | 'failed'> {
    try {
      const before = await git('rev-parse', 'HEAD');
      await git('pull', '--ff-only', '--quiet');
      const after = await git('rev-parse', 'HEAD');
      if (after === before) return 'unchanged';
      await options.reload();
      options.logger.info(
        { from: before.slice(0, 8), to: after.slice(0, 8) },
        'knowledge pulled and reloaded',
      );
      return 'changed';
    } catch (error) {
      options.logger.warn({ err: error, dir: options.dir }, 'git pull of the knowledge folder failed');
      return 'failed';
    }
  }

  const pullOnce = () => {
    running ??= pull().finally(() => {
      running = undefined;
    });
    return running;
  };
  const timer = setInterval(() => void pullOnce(), options.intervalMs);
  timer.unref();
  return { pullOnce, stop: () => clearInterval(timer) };
}
