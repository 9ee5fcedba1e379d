import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// The Dockerfile, compose.yaml and the systemd unit are not run here (no container engine, no systemd as
// PID 1); these checks keep them pointing at files that exist and at the settings the README promises.

const dockerfile = readFileSync('Dockerfile', 'utf8');
const stages = dockerfile.split(/^FROM /m).slice(1);
const runtime = stages.at(-1) ?? '';
const ignored = readFileSync('.dockerignore', 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#') && !l.startsWith('!'));

describe('Dockerfile', () => {
  it('GIVEN the image THEN it builds in one stage and runs in a slim one as the unprivileged node user, with a health check', () => {
    expect(stages).toHaveLength(2);
    expect(stages[0]).toMatch(/AS build/);
    expect(stages[0]).toMatch(/apt-get install[^\n]*python3 make g\+\+/);
    expect(stages[0]).toMatch(/npm run build/);
    expect(stages[0]).toMatch(/npm prune --omit=dev/);
    expect(runtime).toMatch(/-slim AS runtime/);
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).toMatch(/^HEALTHCHECK [^\n]*\\\n\s+CMD [^\n]*\/healthz/m);
    expect(runtime).not.toMatch(/apt-get install/);
  });

  it('GIVEN each file the build context must provide THEN it exists and .dockerignore keeps it', () => {
    const copied = [...dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((m) =>
      (m[1] ?? '').split(' '),
    );
    expect(copied).toEqual(
      expect.arrayContaining(['package-lock.json', 'src', 'commands', 'scripts', 'knowledge']),
    );
    for (const path of copied) {
      expect(existsSync(path), path).toBe(true);
      expect(ignored, path).not.toContain(path);
    }
  });

  it('GIVEN the command it runs THEN it is the build output of src/index.ts', () => {
    const cmd = /^CMD (\[.*\])$/m.exec(runtime)?.[1];
    const args = JSON.parse(cmd ?? '[]') as string[];
    expect(args[0]).toBe('node');
    expect(args.at(-1)).toBe('dist/src/index.js');
    expect(existsSync('src/index.ts')).toBe(true);
  });
});

describe('compose.yaml', () => {
  const compose = parse(readFileSync('compose.yaml', 'utf8')) as {
    services: Record<
      string,
      {
        restart?: string;
        environment?: Record<string, string>;
        healthcheck?: { test: string[] };
        depends_on?: Record<string, { condition: string }>;
      }
    >;
  };

  it('GIVEN the bot and Redis THEN both restart unless stopped, the bot keeps its state in that Redis and is checked on /healthz', () => {
    const { bot, redis } = compose.services;
    expect(bot?.restart).toBe('unless-stopped');
    expect(redis?.restart).toBe('unless-stopped');
    expect(bot?.environment?.STORE_URL).toBe('redis://redis:6379');
    expect(bot?.environment?.HTTP_PORT).toBe('8080');
    expect(bot?.healthcheck?.test.join(' ')).toContain('http://127.0.0.1:8080/healthz');
    expect(bot?.depends_on?.redis?.condition).toBe('service_healthy');
    expect(redis?.healthcheck?.test).toEqual(['CMD', 'redis-cli', 'ping']);
  });
});

describe('deploy/dossier.service', () => {
  const unit = readFileSync('deploy/dossier.service', 'utf8');
  const setting = (name: string) => new RegExp(`^${name}=(.*)$`, 'm').exec(unit)?.[1];

  it('GIVEN the systemd unit THEN it restarts on failure, runs the compiled bot as a user of its own and reads an environment file', () => {
    expect(setting('Restart')).toBe('on-failure');
    expect(setting('User')).toBe('dossier');
    expect(setting('EnvironmentFile')).toBe('/etc/dossier/dossier.env');
    expect(setting('ExecStart')).toMatch(/^\/\S*node .*dist\/src\/index\.js$/);
    expect(setting('ReadWritePaths')).toBe('/opt/dossier/data');
  });
});
