import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';

/** A port nothing listens on right now. */
async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

async function poll(url: string, deadline: number): Promise<Response> {
  for (;;) {
    try {
      return await fetch(url);
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

let app: ChildProcess | undefined;
afterAll(() => {
  if (app && app.exitCode === null) app.kill('SIGKILL');
});

describe('npm start without a token, with HTTP_PORT', () => {
  it('GIVEN the console WHEN /healthz and /metrics are fetched THEN the gateway reads "console", the console\'s commands are counted, and exit still leaves with 0', async () => {
    const port = await freePort();
    app = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts'], {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        DISCORD_TOKEN: '',
        HTTP_PORT: String(port),
        KNOWLEDGE_DIR: 'test/fixtures/knowledge',
        STORE_URL: 'memory://',
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    app.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    let err = '';
    app.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    const base = `http://127.0.0.1:${port}`;

    const health = await poll(`${base}/healthz`, Date.now() + 60_000);
    expect(health.status, err).toBe(200);
    expect(await health.json()).toMatchObject({
      ok: true,
      gateway: 'console',
      store: 'reachable',
      knowledge: { loaded: true },
      problems: [],
    });

    app.stdin?.write('/law bipa\n');
    const deadline = Date.now() + 30_000;
    while (!out.includes('Biometric Information Privacy Act') && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    expect(out).toContain('Biometric Information Privacy Act');
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/^dossier_interactions_total\{command="law",outcome="handled"\} 1$/m);
    expect(metrics).toMatch(/^dossier_knowledge_entries [1-9]\d*$/m);

    const exited = once(app, 'exit');
    app.stdin?.end('exit\n');
    const [code] = (await exited) as [number | null];
    expect(code, err).toBe(0);
  }, 120_000);
});
