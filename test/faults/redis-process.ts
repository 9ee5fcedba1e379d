import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { type AddressInfo, connect, createServer } from 'node:net';

/** A free loopback port: bind port 0, read what the kernel gave, release it. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

/** Whether a redis-server binary is on PATH (the fault suite skips with a reason when not). */
export async function redisServerAvailable(): Promise<string | undefined> {
  const child = spawn('redis-server', ['--version'], { stdio: 'ignore' });
  const [code] = (await Promise.race([once(child, 'exit'), once(child, 'error').then(() => [127])])) as [
    number | null,
  ];
  return code === 0 ? undefined : 'redis-server is not installed';
}

/**
 * A redis-server of the test's own on 127.0.0.1:`port`, writing an append-only file (fsync on every write)
 * in `dir`, so a SIGKILL and a restart lose nothing, as a production Redis with AOF would. Stopped by PID.
 */
export class RedisProcess {
  private child: ChildProcess | undefined;

  constructor(
    readonly port: number,
    readonly dir: string,
  ) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  async start(): Promise<void> {
    const child = spawn(
      'redis-server',
      [
        '--port',
        String(this.port),
        '--bind',
        '127.0.0.1',
        '--dir',
        this.dir,
        '--save',
        '',
        '--appendonly',
        'yes',
        '--appendfsync',
        'always',
      ],
      { stdio: 'ignore' },
    );
    this.child = child;
    const deadline = Date.now() + 5_000;
    while (!(await answers(this.port))) {
      if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}`);
      if (Date.now() > deadline) throw new Error(`redis-server did not listen on ${this.port} within 5 s`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** SIGKILL by PID: the server vanishes mid-flight, as in a crash or an OOM kill. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child?.pid || child.exitCode !== null) return;
    process.kill(child.pid, 'SIGKILL');
    await once(child, 'exit');
    this.child = undefined;
  }
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (d) => {
      socket.destroy();
      resolve(d.toString().startsWith('+PONG'));
    });
    socket.once('error', () => resolve(false));
  });
}
