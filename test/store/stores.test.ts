import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { type AddressInfo, connect, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { createStore } from '../../src/store/create-store.js';
import { StoreUnavailableError } from '../../src/store/errors.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import { openStore } from '../../src/store/open-store.js';
import { postgresAvailable, redisAvailable } from './redis-available.js';
import { storeContract } from './store-contract.js';

const dir = mkdtempSync(join(tmpdir(), 'dossier-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

storeContract('memory', async () => ({ open: async () => createMemoryStore() }), { shared: false });

storeContract(
  'sqlite',
  async () => {
    const file = join(dir, `${randomUUID()}.sqlite`);
    return { open: () => createStore(`sqlite://${file}`) };
  },
  { shared: true },
);

const redis = await redisAvailable();
storeContract(
  'redis',
  async () => {
    const keyPrefix = `dossier-test:${randomUUID()}:`;
    return { open: () => createStore(redis.url ?? '', { keyPrefix }) };
  },
  { shared: true, skip: redis.skip },
);

const postgres = await postgresAvailable();
storeContract(
  'postgres',
  async () => {
    const keyPrefix = `dossier-test:${randomUUID()}:`;
    return { open: () => createStore(postgres.url ?? '', { keyPrefix }) };
  },
  { shared: true, skip: postgres.skip },
);

describe('createStore', () => {
  it('GIVEN a sqlite URL in a folder that does not exist WHEN created THEN the folder is made', async () => {
    const store = await createStore(`sqlite://${join(dir, 'nested', 'deeper', 'd.sqlite')}`);
    await store.set('k', 'v');
    expect(await store.get('k', z.string())).toBe('v');
    await store.close();
  });

  it('GIVEN an unknown scheme WHEN created THEN the error names STORE_URL and the accepted forms', async () => {
    await expect(createStore('mongodb://x')).rejects.toThrow(/STORE_URL: expected sqlite:\/\/path, redis/);
  });

  it('GIVEN a Redis that is not listening WHEN created THEN it fails with a clear error naming the store', async () => {
    await expect(createStore('redis://127.0.0.1:1', { connectTimeoutMs: 500 })).rejects.toThrow(
      /store: redis:\/\/127\.0\.0\.1:1.*cannot connect/,
    );
  });

  it('GIVEN Redis and Postgres URLs with a password, not listening WHEN created THEN the error names the store with the password hidden', async () => {
    for (const url of ['redis://dossier:hunter2@127.0.0.1:1', 'postgres://dossier:hunter2@127.0.0.1:1/db']) {
      const error = await createStore(url, { connectTimeoutMs: 500 }).catch((e: unknown) => e);
      expect(String(error)).toMatch(
        /store: (redis|postgres):\/\/dossier:\*\*\*@127\.0\.0\.1:1.*cannot connect/,
      );
      expect(String(error)).not.toContain('hunter2');
    }
  });

  it('GIVEN a sqlite store WHEN it is closed and then used THEN calls reject with StoreUnavailableError', async () => {
    const store = await createStore(`sqlite://${join(dir, 'closed.sqlite')}`);
    await store.close();
    const error = await store.claim('x', 1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(String(error)).toMatch(/store: sqlite:\/\/.*closed\.sqlite: claim x failed/);
  });

  it('GIVEN a closed store WHEN used THEN calls reject with StoreUnavailableError saying it is closed', async () => {
    const store = await createStore(`sqlite://${join(dir, 'closed2.sqlite')}`);
    await store.close();
    await expect(store.set('x', 1)).rejects.toThrow(/set x failed: the store is closed/);
  });

  it.skipIf(redis.skip !== undefined)(
    'GIVEN a redis store WHEN the server goes away THEN calls reject with StoreUnavailableError, and the process lives',
    async () => {
      // A loopback proxy in front of Redis stands in for the server: closing it is Redis going away.
      const target = new URL(redis.url ?? '');
      const proxy = await startProxy(target.hostname, Number(target.port || 6379));
      const port = proxy.port;
      const url = `redis://127.0.0.1:${port}`;
      const store = await createStore(url, { keyPrefix: `dossier-test:${randomUUID()}:` });
      await store.set('x', 'before');
      expect(await store.get('x', z.string())).toBe('before');
      await proxy.close();
      const error = await store.get('x', z.string()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreUnavailableError);
      expect(String(error)).toMatch(/store: redis:\/\/127\.0\.0\.1:\d+\/?: get x failed/);
      await store.close();
    },
  );
});

describe.skipIf(postgres.skip !== undefined)('postgres store outage', () => {
  it('GIVEN a postgres store WHEN the server goes away THEN calls reject with StoreUnavailableError, and the process lives', async () => {
    const target = new URL(postgres.url ?? '');
    const proxy = await startProxy(target.hostname, Number(target.port || 5432));
    target.hostname = '127.0.0.1';
    target.port = String(proxy.port);
    const store = await createStore(target.toString(), { keyPrefix: `dossier-test:${randomUUID()}:` });
    await store.set('x', 'before');
    expect(await store.get('x', z.string())).toBe('before');
    await proxy.close();
    const error = await store.get('x', z.string()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(String(error)).toMatch(/store: postgres:\/\/.*: get x failed/);
    await store.close();
  });
});

/** A TCP proxy on loopback: closing it (and its connections) is the server going away. */
async function startProxy(host: string, port: number) {
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(port, host);
    sockets.add(client).add(upstream);
    client.pipe(upstream).pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        for (const s of sockets) s.destroy();
      }),
  };
}

describe('sqlite store housekeeping', () => {
  it('GIVEN expired rows nobody reads again WHEN the file is opened again THEN they are swept out', async () => {
    const file = join(dir, 'sweep.sqlite');
    const first = await createStore(`sqlite://${file}`);
    await first.claim('digest:claim:old', 'x', 20);
    await first.set('digest:sub:kept', 'y');
    await first.close();
    await new Promise((r) => setTimeout(r, 40));
    const second = await createStore(`sqlite://${file}`);
    await second.close();
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(file, { readonly: true });
    const keys = db.prepare('SELECT key FROM keyv ORDER BY key').all() as { key: string }[];
    db.close();
    expect(keys.map((k) => k.key)).toEqual(['digest:sub:kept']);
  });
});

describe('openStore', () => {
  it('GIVEN the store is down at start THEN calls fail as unavailable, and once it is back they work', async () => {
    let up = false;
    const errors: string[] = [];
    const store = await openStore('redis://store.internal:6379', {
      retryMs: 10,
      onError: (e) => errors.push(e.message),
      create: async () => {
        if (!up) throw new Error('store: redis://store.internal:6379/: cannot connect: ECONNREFUSED');
        return createMemoryStore();
      },
    });
    const down = await store.get('k', z.string()).catch((e: unknown) => e);
    expect(down).toBeInstanceOf(StoreUnavailableError);
    expect(String(down)).toContain(
      'get k failed: store: redis://store.internal:6379/: cannot connect: ECONNREFUSED',
    );
    up = true;
    await vi.waitFor(async () => expect(await store.claim('k', 'v')).toBe(true), {
      timeout: 2_000,
      interval: 10,
    });
    expect(await store.get('k', z.string())).toBe('v');
    expect(errors.length).toBeGreaterThanOrEqual(1);
    await store.close();
  });

  it('GIVEN a malformed STORE_URL THEN start-up fails at once naming it', async () => {
    await expect(openStore('mysql://x')).rejects.toThrow(/STORE_URL: expected/);
  });
});
