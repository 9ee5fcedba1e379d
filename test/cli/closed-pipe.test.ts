import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

// `npm run dossier -- search … | head -n 1`: head reads its line and exits while the CLI still writes.

describe('the CLI piped into head', { timeout: 60_000 }, () => {
  it('GIVEN output longer than head reads WHEN head closes the pipe THEN the CLI exits 0 without a stack trace', async () => {
    const cli = `"${process.execPath}" --import tsx src/cli/main.ts search law --json --limit 100`;
    const { stdout, stderr } = await run(
      'bash',
      ['-c', `${cli} | head -n 1; echo "cli exit \${PIPESTATUS[0]}"`],
      {
        env: { ...process.env, LOG_LEVEL: 'silent' },
      },
    );
    // ~150 kB of JSON, far more than the pipe holds once head has gone.
    expect(stdout).toBe('[\ncli exit 0\n');
    expect(stderr).not.toMatch(/EPIPE|Error/);
  });
});
